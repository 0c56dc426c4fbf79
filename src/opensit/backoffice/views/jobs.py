"""Background jobs (« Tâches de fond »): the recent runs of the queue with their status,
attempt, timings and error (traceback included), and the periodic schedule. Network admins
only; the rule is in `opensit.jobs.services`."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from opensit.backoffice.context import current_actor
from opensit.jobs import services

PER_PAGE = 50


def job_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    services.require_jobs(actor)
    errors: dict[str, str] = {}
    status = request.GET.get("status", "")
    try:
        jobs = services.recent_jobs(actor, status)
    except ValueError as exc:
        errors["status"] = str(exc)
        jobs = services.recent_jobs(actor).none()
    page = Paginator(jobs, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return TemplateResponse(
        request,
        "backoffice/jobs.html",
        {
            "page_title": _("Background jobs"),
            "header_icon": "cogs",
            "page": page,
            "rows": services.rows(actor, list(page)),
            "schedule": services.schedule_rows(actor),
            "statuses": services.STATUSES.items(),
            "status": status,
            "errors": errors,
            "query": params.urlencode(),
        },
        status=400 if errors else 200,
    )
