"""Objects not updated for N months, and the reminders to their owners and providers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.views.quality.dashboard import MonthsForm, months_from
from opensit.quality import services

PAGE_SIZE = 50


def stale_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form, months, valid = months_from(request)
    objects = services.stale_for(actor, months).select_related("owner", "quality")
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "quality/freshness.html",
        {
            "page_title": _("Objects to refresh"),
            "header_icon": "time",
            "months_form": form,
            "months": months,
            "page": page,
            "can_remind": services.can_remind(actor),
        },
        status=200 if valid else 400,
    )


@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = MonthsForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["months"]:
        errors = "; ".join(form.errors.get("months", [_("This field is required.")]))
        messages.error(request, _("months: %(errors)s") % {"errors": errors})
        return redirect("opensit_quality_freshness")
    months = form.cleaned_data["months"]
    sent = services.send_reminders(actor, months)
    messages.success(
        request,
        _("%(count)d reminder(s) sent.") % {"count": len(sent)},
    )
    return redirect(reverse("opensit_quality_freshness") + f"?months={months}")
