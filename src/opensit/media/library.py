"""From the library to the catalog: a library image becomes a media entry of the canonical
document (`catalog.document.Media`) with a rendition URL, its credit, licence and end date.

Who may use the library: the admins and editors of any organisation, through the "Media
library" group (kept in step with their memberships by `receivers`).
"""

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission

from opensit.catalog.document import Media
from opensit.media.models import LibraryImage
from opensit.network.models import Membership

# The size diffused to websites: at most 1600 px wide or high, never upscaled.
RENDITION = "max-1600x1600"
GROUP_NAME = "Media library"
LIBRARY_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


def absolute(url: str) -> str:
    """A URL websites can fetch: media URLs are relative to the site's base URL."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url.lstrip("/"))


def media_item_for(image: LibraryImage, lang: str = "fr") -> dict[str, Any]:
    """The document's media entry for `image`, titled in `lang`; validated by `Media`."""
    rendition = image.get_rendition(RENDITION)
    item: dict[str, Any] = {
        "kind": "image",
        "url": absolute(rendition.url),
        "title": {lang: image.title},
        "credit": image.credit,
        "licence": image.licence,
        "publication_end": image.publication_end,
        "mime_type": MIME_TYPES.get(rendition.file.name.rsplit(".", 1)[-1].lower(), ""),
        "width": rendition.width,
        "height": rendition.height,
    }
    if image.description:
        item["description"] = {lang: image.description}
    return Media.model_validate(item).model_dump(mode="json", exclude_defaults=True)


def library_choices() -> list[tuple[str, str]]:
    """Choices of the editor's "library image" field: the latest images first."""
    rows = LibraryImage.objects.order_by("-created_at").values_list("pk", "title", "credit")[:500]
    missing = str(_("no credit"))
    return [("", "—")] + [(str(pk), f"{title} — {credit or missing}") for pk, title, credit in rows]


# Wagtail checks its own models' permissions, even with custom image and document models.
LIBRARY_PERMISSIONS = [
    ("wagtailimages", f"{action}_image") for action in ("add", "change", "delete", "choose")
] + [("wagtaildocs", f"{action}_document") for action in ("add", "change", "delete", "choose")]


def library_group() -> Group:
    """The library group with its permissions on the root collection, made if missing (the
    migration makes it; a database flushed by tests or an operator loses it)."""
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if not created and group.collection_permissions.exists():
        return group
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for app_label, codename in LIBRARY_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:  # before Django has made the permissions (a fresh migrate)
            continue
        group.permissions.add(permission)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    return group


def sync_library_access(user: Any) -> None:
    """Admins and editors of any organisation are in the library group; others are not."""
    if user is None:
        return
    group = library_group()
    if Membership.objects.filter(user=user, role__in=LIBRARY_ROLES).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def fill_from_library(part: dict[str, Any], image_id: str, lang: str = "fr") -> dict[str, Any]:
    """The editor's media row with a library image picked: the image's URL and rights win,
    the row's own title and "main" flag are kept."""
    image = LibraryImage.objects.filter(pk=image_id).first() if image_id.isdigit() else None
    if image is None:
        return part
    item = media_item_for(image, lang)
    if part.get("title"):
        item["title"] = part["title"]
    if part.get("main"):
        item["main"] = True
    return item
