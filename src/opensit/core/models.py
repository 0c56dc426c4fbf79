"""The network-wide audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    BACKOFFICE = "backoffice", _("Back-office")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    SYSTEM = "system", _("System")


class AuditEntry(models.Model):
    """Who did what, for which organisation, when and from where. Append-only."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    origin = models.CharField(max_length=16, choices=Origin.choices)
    action = models.CharField(max_length=64, db_index=True)
    # What `object_id` names (`opensit.core.audit_types.OBJECT_TYPES`), given by the action's
    # registry entry: "" for an action about no object.
    object_type = models.CharField(max_length=32, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_id}"
