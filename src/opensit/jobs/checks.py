"""`opensit check` reports a bad `OPENSIT_SCHEDULE` entry (by name) before any worker starts."""

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def schedule_is_valid(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from opensit.jobs import schedule

    try:
        schedule.entries()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="opensit.jobs.E001")]
    return []
