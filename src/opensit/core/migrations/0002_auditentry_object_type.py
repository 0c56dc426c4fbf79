"""`AuditEntry.object_type`: what an entry's `object_id` names, filled for the existing rows from
their action. The table below is a copy of `opensit.core.audit_types` as it was when this
migration was written (a migration never imports live app code): later changes to the registry
do not change what this migration does. Rows with an action it does not know keep ""."""

from django.db import migrations, models

OBJECT_TYPES = {
    "tourism_object": [
        "catalog.approve",
        "catalog.archive",
        "catalog.create",
        "catalog.delete",
        "catalog.grant_coediting",
        "catalog.link_provider",
        "catalog.merge",
        "catalog.merged",
        "catalog.propose",
        "catalog.propose_create",
        "catalog.publish",
        "catalog.reject",
        "catalog.restore",
        "catalog.revoke_coediting",
        "catalog.submit",
        "catalog.transfer",
        "catalog.unlink_provider",
        "catalog.unpublish",
        "catalog.update",
        "catalog.vocabulary",
        "catalog.withdraw",
        "partners.submit",
        "quality.duplicate_dismissed",
    ],
    "vocabulary_entry": [
        "vocabulary.add",
        "vocabulary.deprecate",
        "vocabulary.request",
        "vocabulary.review",
        "vocabulary.translate",
    ],
    "organisation": [
        "network.create_organisation",
        "network.create_provider",
        "network.update_organisation",
    ],
    "invitation": ["network.accept_invitation", "network.invite", "network.revoke_invitation"],
    "membership": ["network.remove_membership", "network.set_membership"],
    "diffusion_project": [
        "diffusion.key_create",
        "diffusion.key_revoke",
        "diffusion.project_active",
        "diffusion.project_create",
        "diffusion.project_scope",
        "diffusion.project_status",
        "diffusion.project_suspended",
        "diffusion.webhook_add",
    ],
    "selection": [
        "diffusion.selection_add",
        "diffusion.selection_change",
        "diffusion.selection_create",
        "diffusion.selection_query",
        "diffusion.selection_remove",
    ],
    "synonym": [
        "synonym.activate",
        "synonym.create",
        "synonym.deactivate",
        "synonym.delete",
        "synonym.update",
    ],
    "partner_token": ["partners.create_token", "partners.revoke_token"],
    "import_run": ["connectors.import"],
    "source_policy": ["connectors.source_policy"],
    # quality.refreshed and quality.reminders_sent name no object: "" (the default).
}


def fill_object_types(apps, schema_editor):
    """One UPDATE per object type, whatever the size of the log."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    for object_type, actions in OBJECT_TYPES.items():
        AuditEntry.objects.filter(action__in=actions).update(object_type=object_type)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="object_type",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.RunPython(fill_object_types, migrations.RunPython.noop),
    ]
