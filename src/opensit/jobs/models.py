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


class WorkerHeartbeat(models.Model):
    """One row per running `opensit worker`: it moves `seen_at` forward every few seconds (a
    thread, so a long job does not look dead). A RUNNING job whose worker has not been seen
    for OPENSIT_JOBS_STALE_SECONDS is taken as lost (`worker.recover_lost`)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"
