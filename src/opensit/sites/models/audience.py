"""The audience of a destination: page views per day and page, anonymous (`sites.audience`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteDailyCount(models.Model):
    """How many times a page of a site was viewed on a day: no visitor, cookie, address or
    agent is kept, only the count."""

    class Kind(models.TextChoices):
        OBJECT = "object", _("Object detail page")
        PAGE = "page", _("Editorial page")

    destination = models.ForeignKey(
        "sites.Destination", on_delete=models.CASCADE, related_name="daily_counts"
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    ref = models.CharField(_("object or page"), max_length=36)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["destination", "day", "kind", "ref"], name="one_count_per_site_day_page"
            )
        ]
        verbose_name = _("daily page count")
        verbose_name_plural = _("daily page counts")

    def __str__(self) -> str:
        return f"{self.destination_id} {self.day} {self.kind}:{self.ref} {self.views}"
