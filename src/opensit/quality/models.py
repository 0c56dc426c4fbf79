"""Stored quality results, one row per object, so back-office lists can filter and sort on them."""

from django.conf import settings
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


class DuplicateKey(models.Model):
    """Projection for duplicate detection: one row per normalised contact (`phone:0247…`,
    `email:…`, `web:…`) and one `cell` row per located object, kept by `store.refresh`. Candidate
    pairs then come from grouped and joined queries, never from every document in memory."""

    object = models.ForeignKey(
        "catalog.TourismObject", on_delete=models.CASCADE, related_name="duplicate_keys"
    )
    type_root = models.CharField(max_length=40)
    key = models.CharField(max_length=300, help_text=_("phone:, email:, web: or cell:"))
    # For `cell` rows: the grid cell (CELL degrees) of the point, and the normalised name.
    cell_y = models.IntegerField(null=True, blank=True)
    cell_x = models.IntegerField(null=True, blank=True)
    name_key = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("duplicate key")
        verbose_name_plural = _("duplicate keys")
        indexes = [
            # One index serves both queries: shared contacts (GROUP BY key, type_root) and the
            # neighbour join (equal key "cell" and type root, then a range of cells). A second
            # index on (type_root, key) lured SQLite's planner into a nested scan.
            models.Index(fields=["key", "type_root", "cell_y", "cell_x"]),
        ]

    def __str__(self) -> str:
        return f"{self.object_id}: {self.key}"


class DuplicateDismissal(models.Model):
    """“Not a duplicate”: a pair a person ruled out, never proposed again. `first` < `second`."""

    first = models.CharField(max_length=36)
    second = models.CharField(max_length=36)
    reason = models.TextField(blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_dismissed_pair")
        ]

    def __str__(self) -> str:
        return f"{self.first} ≠ {self.second}"
