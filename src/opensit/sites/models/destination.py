"""A destination: the settings of one Wagtail site, and the organisation that owns it."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour is written #rrggbb."))


class Destination(models.Model):
    """One destination website. Its editors are the members of `organisation` (their roles give
    the page rights, `sites.editors`); what it shows of the catalog is `project`'s scope (the
    whole published catalog when the project reads everything)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="destination")
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="destinations",
        verbose_name=_("owner"),
    )
    project = models.ForeignKey(
        "diffusion.DiffusionProject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="destinations",
        verbose_name=_("diffusion project"),
        help_text=_("Its selections bound what the site shows; none: the whole catalog."),
    )
    tagline = models.JSONField(_("tagline"), default=dict, blank=True)
    logo = models.ForeignKey(
        "media.LibraryImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#0b5563", validators=[COLOUR]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b3400b", validators=[COLOUR]
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Empty: every platform language.")
    )
    tile_url = models.CharField(
        _("map tiles"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("A tile URL template ({z}/{x}/{y}); empty: the platform's tiles."),
    )
    tile_attribution = models.CharField(_("tile credit"), max_length=200, blank=True, default="")
    analytics = models.BooleanField(
        _("audience counts"),
        default=True,
        help_text=_("Anonymous page counts, without cookie or personal data."),
    )
    canonical_priority = models.IntegerField(
        _("canonical priority"),
        default=0,
        help_text=_(
            "An object shown by several sites has its canonical page on its owner's site, "
            "else on the site of highest priority."
        ),
    )

    class Meta:
        verbose_name = _("destination site")
        verbose_name_plural = _("destination sites")

    def __str__(self) -> str:
        return self.site.site_name or self.site.hostname

    def save(self, *args, **kwargs) -> None:
        if not self.languages:
            self.languages = [code for code, _name in settings.LANGUAGES]
        super().save(*args, **kwargs)

    @property
    def hostname(self) -> str:
        return self.site.hostname
