"""Write-API tokens, one or more per organisation, and the receipts of what partners sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from opensit.network.models import Membership

Role = Membership.Role


class PartnerToken(models.Model):
    """A bearer token of an organisation. Only its SHA-256 is stored, beside a lookup prefix;
    the token itself is shown once, when created."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="partner_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[(Role.EDITOR, Role.EDITOR.label), (Role.CONTRIBUTOR, Role.CONTRIBUTOR.label)],
        help_text=_("The rights of the token: those of an editor or of a contributor."),
    )
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")

    def __str__(self) -> str:
        return f"{self.organisation} / {self.name} ({self.prefix})"


class Submission(models.Model):
    """What a partner sent through the write API: a new object waiting to be published, or a
    proposal on an existing one. Its id is the one `GET /write/proposals/{id}` answers for."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Creation")
        UPDATE = "update", _("Update")

    token = models.ForeignKey(
        PartnerToken, null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="submissions"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    object = models.ForeignKey(
        "catalog.TourismObject", on_delete=models.CASCADE, related_name="submissions"
    )
    proposal = models.ForeignKey(
        "catalog.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.organisation})"
