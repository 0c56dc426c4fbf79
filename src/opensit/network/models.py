"""Organisations of the network, their members and roles, and their territories of communes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """A French commune, keyed by its INSEE code (the official geographic code)."""

    insee = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    department = models.CharField(_("department"), max_length=3, db_index=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["insee"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.insee})"


def department_of(insee: str) -> str:
    """The department code of an INSEE commune code (three digits overseas, "97x").

    Here, beside `Commune.department`, so that loading communes does not import the catalog.
    """
    if not insee:
        return ""
    if insee.startswith("97"):
        return insee[:3]
    return insee[:2]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_BOARD = "regional_board", _("Regional tourism board")
        DEPARTMENTAL_BOARD = "departmental_board", _("Departmental tourism board")
        TOURIST_OFFICE = "tourist_office", _("Tourist office")
        FEDERATION = "federation", _("Federation")
        PROVIDER = "provider", _("Provider")
        PARTNER = "partner", _("Partner")
        SOURCE = "source", _("Source system")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="organisations", verbose_name=_("territory")
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_network_admin = models.BooleanField(
        _("network administrator"),
        default=False,
        help_text=_("Runs the network: organisations, vocabularies, diffusion projects."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")
        CONTRIBUTOR = "contributor", _("Contributor")
        READER = "reader", _("Reader")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(models.Model):
    """An invitation to join an organisation (a provider invited by its tourist office).

    Only the SHA-256 of the token is stored; the token itself goes out by email once.
    """

    email = models.EmailField(_("email"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=16, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_for = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"
