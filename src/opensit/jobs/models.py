"""One row per periodic job: when it is next due. Workers claim a due row with a conditional
UPDATE (`schedule.tick`), so each run is enqueued once however many workers tick."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    name = models.CharField(_("job"), max_length=64, primary_key=True)
    spec = models.CharField(_("schedule"), max_length=100)
    next_run_at = models.DateTimeField(_("next run"))
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_result_id = models.CharField(_("last job"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return f"{self.name} ({self.spec})"
