"""Widgets that partner sites paste in, and their anonymous daily counts (docs/widgets.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from opensit.widgets.origins import parse_origins

#: A Django validator (not a function of ours), so that migrations freeze it without importing
#: live code.
COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour is written #rrggbb."))


class Layout(models.TextChoices):
    LIST = "list", _("List")
    MAP = "map", _("Map")
    AGENDA = "agenda", _("Agenda")
    DETAIL = "detail", _("Detail of one object")
    AROUND_ME = "around_me", _("Around me")


class Field(models.TextChoices):
    NAME = "name", _("Name")
    IMAGE = "image", _("Image")
    SHORT_DESCRIPTION = "short_description", _("Short description")
    COMMUNE = "commune", _("Commune")
    DATES = "dates", _("Dates")
    PRICE = "price", _("Price")
    TYPE = "type", _("Type")


DEFAULT_FIELDS = ["name", "image", "short_description", "commune", "dates"]


class Widget(models.Model):
    """One widget of an organisation: what it shows (a selection: a hand-picked list or a saved
    search), how, in which language, and on which partner sites (`allowed_origins`). It reads
    under `project`'s scope and rate limits."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="widgets",
        verbose_name=_("owner"),
    )
    project = models.ForeignKey(
        "diffusion.DiffusionProject",
        on_delete=models.PROTECT,
        related_name="widgets",
        verbose_name=_("diffusion project"),
        help_text=_("Its scope and rate limits apply to the widget."),
    )
    title = models.CharField(_("title"), max_length=200)
    selection = models.ForeignKey(
        "diffusion.Selection",
        on_delete=models.PROTECT,
        related_name="widgets",
        verbose_name=_("content"),
        help_text=_("A hand-picked list or a saved search."),
    )
    layout = models.CharField(
        _("layout"), max_length=12, choices=Layout.choices, default=Layout.LIST
    )
    detail_object = models.CharField(
        _("object shown"),
        max_length=36,
        blank=True,
        default="",
        help_text=_("For the detail layout: the id of the object shown."),
    )
    fallback_latitude = models.FloatField(
        _("fallback latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Around me: the point used when the visitor does not share a position."),
    )
    fallback_longitude = models.FloatField(
        _("fallback longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    page_size = models.PositiveSmallIntegerField(
        _("page size"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    fields = models.JSONField(
        _("fields shown"),
        default=list,
        blank=True,
        help_text=_("Empty: name, image, description, commune, dates."),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#0b5563", validators=[COLOUR]
    )
    background_colour = models.CharField(
        _("background colour"), max_length=7, default="#ffffff", validators=[COLOUR]
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#1f2933", validators=[COLOUR]
    )
    allowed_origins = models.JSONField(
        _("allowed origins"),
        default=list,
        blank=True,
        help_text=_("The partner sites that may show the widget: scheme://host[:port]."),
    )
    active = models.BooleanField(_("active"), default=True)
    key_version = models.PositiveIntegerField(
        default=1, help_text=_("Raised to replace the widget's public key.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("widget")
        verbose_name_plural = _("widgets")

    def __str__(self) -> str:
        return self.title

    @property
    def shown_fields(self) -> list[str]:
        return list(self.fields or DEFAULT_FIELDS)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        try:
            self.allowed_origins = parse_origins(self.allowed_origins or [])
        except ValidationError as exc:
            errors["allowed_origins"] = exc.messages
        if not self.fields:
            self.fields = list(DEFAULT_FIELDS)
        unknown = [f for f in self.fields if f not in Field.values]
        if unknown or not isinstance(self.fields, list):
            errors["fields"] = [_("Choose fields among: %s.") % ", ".join(Field.values)]
        if self.layout == Layout.DETAIL and not self.detail_object:
            errors["detail_object"] = [_("The detail layout shows one object: give its id.")]
        has_lat = self.fallback_latitude is not None
        if has_lat != (self.fallback_longitude is not None):
            errors["fallback_longitude"] = [_("Give both coordinates of the point, or none.")]
        if errors:
            raise ValidationError(errors)


class WidgetDailyCount(models.Model):
    """Views and clicks of a widget on one day: numbers only (no cookie, IP or visitor id)."""

    widget = models.ForeignKey(Widget, on_delete=models.CASCADE, related_name="daily_counts")
    day = models.DateField()
    views = models.PositiveBigIntegerField(default=0)
    clicks = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["widget", "day"], name="one_widget_count_per_day")
        ]
        verbose_name = _("widget daily count")
        verbose_name_plural = _("widget daily counts")

    def __str__(self) -> str:
        return f"{self.widget_id} {self.day}: {self.views}/{self.clicks}"
