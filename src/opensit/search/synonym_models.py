"""Search synonyms curated by the network: rules read at query time (see search.synonyms), so
that "gîte" also finds "location" without re-indexing anything."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """One rule: its terms are equivalent (each finds the others) or one-way (the first term
    also finds the others, "resto" -> "restaurant", not the reverse).

    `revision` grows on every edit: with the row count and the highest id (ids are never
    reused), it makes the version token each process compares to see a change by another one.
    """

    class Kind(models.TextChoices):
        EQUIVALENT = "equivalent", _("equivalent (each term finds the others)")
        ONE_WAY = "one_way", _("one-way (the first term finds the others)")

    terms = models.JSONField(_("terms"), default=list)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EQUIVALENT)
    language = models.CharField(
        _("language"), max_length=8, blank=True, default="", help_text=_("empty: every language")
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True, default="")
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "search_synonym"
        ordering = ["id"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        arrow = " ↔ " if self.kind == self.Kind.EQUIVALENT else " → "
        return arrow.join(self.terms)
