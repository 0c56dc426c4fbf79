"""The "Media library" group: add, change, delete and choose images and documents in the root
collection; its members are the admins and editors of the organisations.

Wagtail checks the permissions of its own models (wagtailimages.Image, wagtaildocs.Document)
even when a custom image or document model is set."""

from django.db import migrations

GROUP_NAME = "Media library"
PERMISSIONS = [
    ("wagtailimages", "image", ["add", "change", "delete", "choose"]),
    ("wagtaildocs", "document", ["add", "change", "delete", "choose"]),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Membership = apps.get_model("network", "Membership")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    root = Collection.objects.filter(depth=1).first()
    for app_label, model, actions in PERMISSIONS:
        for action in actions:
            # Permissions are normally created after migrating: make sure they exist now.
            content_type, _new = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _new = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)
            if root is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )
    users = Membership.objects.filter(role__in=["admin", "editor"]).values_list("user", flat=True)
    group.user_set.add(*set(users))


def drop_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_initial"),
        ("network", "0002_invitation"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, drop_group)]
