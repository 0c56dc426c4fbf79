"""Stored quality results, one row per object, so back-office lists can filter and sort on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectQuality(models.Model):
    object = models.OneToOneField(
        "catalog.TourismObject",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="quality",
    )
    score = models.PositiveSmallIntegerField(_("completeness"), db_index=True)
    missing = models.JSONField(default=list, blank=True, help_text=_("Missing fields"))
    warnings = models.JSONField(
        default=list, blank=True, help_text=_("Check warnings: {code, field, message}")
    )
    warning_count = models.PositiveSmallIntegerField(default=0, db_index=True)
    warning_codes = models.CharField(
        max_length=300, blank=True, default="", help_text=_("Space-separated, for filtering")
    )
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("object quality")
        verbose_name_plural = _("object qualities")

    def __str__(self) -> str:
        return f"{self.object_id}: {self.score}%"
