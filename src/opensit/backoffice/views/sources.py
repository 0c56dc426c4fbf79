"""Sources and imports in the back-office, for the network's admins: configure sources (their
keys write-only), run one now, upload a file, and follow a run to its report. The rules and
the permission checks are in `opensit.connectors.sources`."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.sources import SourceForm, UploadForm
from opensit.connectors import apidae_notifications, sources
from opensit.connectors.models import Source, SourceRun

RECENT_RUNS = 20
#: Issues listed on a run's page (the CLI's `opensit import-report RUN` lists them all).
SHOWN_ISSUES = 200


def _source(request: HttpRequest, pk: int) -> Source:
    try:
        return sources.sources_for(current_actor(request)).get(pk=pk)
    except Source.DoesNotExist:
        raise Http404(_("No such source.")) from None


def _run(request: HttpRequest, pk: int) -> SourceRun:
    try:
        return sources.runs_for(current_actor(request)).get(pk=pk)
    except SourceRun.DoesNotExist:
        raise Http404(_("No such run.")) from None


def source_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return TemplateResponse(
        request,
        "backoffice/source_list.html",
        {
            "page_title": _("Sources and imports"),
            "header_icon": "download",
            "sources": list(sources.sources_for(actor)),
            "runs": list(sources.runs_for(actor)[:RECENT_RUNS]),
            "upload_form": UploadForm(),
        },
    )


def source_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, Source(schedule=Source.Schedule.DAILY))


def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _source(request, pk))


def _edit(request: HttpRequest, source: Source) -> HttpResponse:
    actor = current_actor(request)
    sources.require_network_admin(actor)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            saved = sources.save_source(actor, form.save(commit=False), api_key=form.key_change())
        except sources.SourceError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, str(exc))
        else:
            messages.success(request, _("The source “%(name)s” is saved.") % {"name": saved.name})
            return redirect("opensit_source", pk=saved.pk)
    return TemplateResponse(
        request,
        "backoffice/source_form.html",
        {
            "page_title": source.name if source.pk else _("New source"),
            "header_icon": "download",
            "form": form,
            "source": source,
        },
    )


def source_detail(request: HttpRequest, pk: int, token: str = "") -> HttpResponse:
    source = _source(request, pk)
    address = request.build_absolute_uri(reverse("apidae_notification", args=[source.pk]))
    return TemplateResponse(
        request,
        "backoffice/source_detail.html",
        {
            "page_title": source.name,
            "header_icon": "download",
            "source": source,
            "runs": list(source.runs.select_related("import_run")[:RECENT_RUNS]),
            "notification_address": address,
            # The secret is shown here once, in the answer to the POST that made it.
            "notification_url": f"{address}?token={token}" if token else "",
        },
    )


@require_POST
def source_notification_token(request: HttpRequest, pk: int) -> HttpResponse:
    """A new secret for the notification address, shown once (only its hash is kept)."""
    source = _source(request, pk)
    token = apidae_notifications.new_notification_token(current_actor(request), source)
    return source_detail(request, pk, token=token)


@require_POST
def source_run_now(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    try:
        run = sources.request_run(current_actor(request), source)
    except sources.SourceError as exc:
        messages.error(request, str(exc))
        return redirect("opensit_source", pk=source.pk)
    return redirect("opensit_source_run", pk=run.pk)


def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the deletion (`sources.delete_source`: the objects stay with
    the owner organisation, the runs stay as history)."""
    source = _source(request, pk)
    if request.method == "POST":
        name = source.name
        try:
            kept = sources.delete_source(current_actor(request), source)
        except sources.SourceError as exc:
            messages.error(request, str(exc))
            return redirect("opensit_source", pk=source.pk)
        messages.success(
            request,
            ngettext(
                "The source “%(name)s” is deleted; its run stays in the history.",
                "The source “%(name)s” is deleted; its %(n)d runs stay in the history.",
                kept,
            )
            % {"name": name, "n": kept},
        )
        return redirect("opensit_sources")
    sources.require_network_admin(current_actor(request))
    return TemplateResponse(
        request,
        "backoffice/source_delete.html",
        {
            "page_title": _("Delete the source “%(name)s”") % {"name": source.name},
            "header_icon": "download",
            "source": source,
            "runs": source.runs.count(),
            "objects": sources.objects_of(source),
        },
    )


@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    sources.require_network_admin(actor)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = sources.upload_run(
                actor, upload.name, upload.chunks(), form.cleaned_data["owner"]
            )
        except sources.SourceError as exc:
            form.add_error("file", str(exc))
        else:
            sources.start_upload(actor, run)
            return redirect("opensit_source_run", pk=run.pk)
    response = TemplateResponse(
        request,
        "backoffice/source_list.html",
        {
            "page_title": _("Sources and imports"),
            "header_icon": "download",
            "sources": list(sources.sources_for(actor)),
            "runs": list(sources.runs_for(actor)[:RECENT_RUNS]),
            "upload_form": form,
        },
        status=400,
    )
    return response


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    issues = run.import_run.issues.all()[:SHOWN_ISSUES] if run.import_run else []
    return TemplateResponse(
        request,
        "backoffice/source_run.html",
        {
            "page_title": _("Run #%(n)d: %(label)s") % {"n": run.pk, "label": run.label},
            "header_icon": "download",
            "run": run,
            "report": run.import_run,
            "failures": [i for i in issues if i.level == "error"],
            "warnings": [i for i in issues if i.level == "warning"],
            "shown_issues": SHOWN_ISSUES,
        },
    )


def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the run page polls (static/backoffice/source_run.js) while the run goes on."""
    run = _run(request, pk)
    return JsonResponse(
        {
            "id": run.pk,
            "status": run.status,
            "status_label": run.get_status_display(),
            "finished": run.finished,
            "done": run.done,
            "total": run.total,
            "fetched_bytes": run.fetched_bytes,
            "error": run.error,
        }
    )
