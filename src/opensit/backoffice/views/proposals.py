"""Proposal review: the pending changes an editor may validate, a field-level diff per
language, approve or reject with a comment (catalog.workflow does the work)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.labels import field_label, value_text
from opensit.catalog import creation, workflow
from opensit.catalog.diff import FieldChange, diff_documents
from opensit.catalog.models import Proposal
from opensit.catalog.policy import Action, require_allowed
from opensit.core.langtext import active_languages


def proposal_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    proposals = workflow.pending_for(actor).select_related("proposer", "organisation")
    return TemplateResponse(
        request,
        "backoffice/proposal_list.html",
        {
            "page_title": _("Changes waiting for validation"),
            "header_icon": "tasks",
            "proposals": proposals.order_by("-created_at")[:200],
        },
    )


def diff_rows(changes: list[FieldChange]) -> list[dict[str, Any]]:
    """One row per field; a text's languages are grouped under it, old and new side by side.
    Each row names its field as the editor does and shows values as text (`labels`)."""
    languages = active_languages()
    rows: list[dict[str, Any]] = []
    texts: dict[str, dict[str, Any]] = {}
    for change in changes:
        field, _dot, lang = change.path.rpartition(".")
        if field and lang in languages:
            if field not in texts:
                texts[field] = {
                    "field": field,
                    "label": field_label(field),
                    "languages": [],
                    "change": None,
                }
                rows.append(texts[field])
            texts[field]["languages"].append(
                {
                    "lang": lang,
                    "old": value_text(change.old, change.path),
                    "new": value_text(change.new, change.path),
                }
            )
        else:
            rows.append(
                {
                    "field": change.path,
                    "label": field_label(change.path),
                    "languages": [],
                    "change": change,
                    "old": value_text(change.old, change.path),
                    "new": value_text(change.new, change.path),
                }
            )
    for row in texts.values():
        row["languages"].sort(key=lambda item: languages.index(item["lang"]))
    return rows


def _reviewable(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("object"), pk=pk)
    require_allowed(
        current_actor(request),
        Action.REVIEW,
        proposal.object,
        _("You may not review proposals on “%(name)s”.") % {"name": proposal.object.name},
    )
    return proposal


def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _reviewable(request, pk)
    pending = proposal.status == Proposal.Status.PENDING
    is_creation = proposal.kind == Proposal.Kind.CREATE
    if not pending:
        changes = []
    elif is_creation:  # a new object: everything it would publish
        changes = diff_documents({}, proposal.object.document)
    else:
        changes = workflow.review_diff(proposal)
    return TemplateResponse(
        request,
        "backoffice/proposal_review.html",
        {
            "page_title": _("Review of a proposed change"),
            "page_subtitle": proposal.object.name,
            "header_icon": "tasks",
            "proposal": proposal,
            "rows": diff_rows(changes),
            "pending": pending,
            "is_creation": is_creation,
            "stale": pending
            and not is_creation
            and proposal.base_version != proposal.object.version,
        },
    )


@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _reviewable(request, pk)
    actor = current_actor(request)
    comment = request.POST.get("comment", "").strip()
    decision = request.POST.get("decision")
    creating = proposal.kind == Proposal.Kind.CREATE
    approve = creation.approve_creation if creating else workflow.approve
    reject = creation.reject_creation if creating else workflow.reject
    try:
        if decision == "approve":
            approve(actor, proposal, comment)
            messages.success(request, _("The change is approved and applied."))
        elif decision == "reject":
            reject(actor, proposal, comment)
            messages.success(request, _("The change is rejected; the proposer is told why."))
        else:
            messages.error(request, _("Approve or reject."))
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("opensit_proposal", pk=proposal.pk)
    return redirect("opensit_proposals")
