"""Dashboards of the acting organisation and of the network, with SVG charts."""

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from opensit.backoffice.context import current_actor
from opensit.catalog.policy import Action, objects_for
from opensit.catalog.types import TYPES
from opensit.quality import services
from opensit.quality.charts import bar_chart

WORST = 20


class MonthsForm(forms.Form):
    months = forms.IntegerField(
        label=gettext_lazy("Not updated for (months)"),
        min_value=1,
        max_value=services.MAX_MONTHS,
        required=False,
    )


def months_from(request: HttpRequest) -> tuple[MonthsForm, int, bool]:
    """(form, months, valid): the default months when absent or invalid."""
    months = settings.OPENSIT_FRESHNESS_MONTHS
    form = MonthsForm(request.GET or None, initial={"months": months})
    if form.is_bound and form.is_valid() and form.cleaned_data["months"]:
        months = form.cleaned_data["months"]
    return form, months, not form.is_bound or form.is_valid()


def type_label(code: str) -> str:
    found = TYPES.get(code)
    return found.label((get_language() or "fr")[:2]) if found else code


def charts(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The charts of a dashboard, each with the rows of its table."""
    specs = [
        (
            "completeness-bands",
            _("Objects per completeness band (%)"),
            list(data["completeness_bands"].items()),
            "",
            None,
        ),
        (
            "completeness-by-type",
            _("Mean completeness per type (%)"),
            [(type_label(k), v) for k, v in data["completeness_by_type"].items()],
            " %",
            100,
        ),
        (
            "objects-by-type",
            _("Objects per type"),
            [(type_label(k), v) for k, v in data["by_type"].items()],
            "",
            None,
        ),
        (
            "objects-by-commune",
            _("Objects per commune"),
            [
                (f"{data['commune_names'].get(k, k)} ({k})", v)
                for k, v in data["by_commune"].items()
            ],
            "",
            None,
        ),
    ]
    return [
        {
            "id": chart_id,
            "title": title,
            "rows": rows,
            "svg": bar_chart(chart_id, title, rows, unit=unit, maximum=maximum),
        }
        for chart_id, title, rows, unit, maximum in specs
    ]


def _render(
    request: HttpRequest, title: str, data: dict, form: MonthsForm, valid: bool, extra: dict
) -> HttpResponse:
    return TemplateResponse(
        request,
        "quality/dashboard.html",
        {
            "page_title": title,
            "header_icon": "doc-full-inverse",
            "data": data,
            "charts": charts(data),
            "months_form": form,
            **extra,
        },
        status=200 if valid else 400,
    )


def organisation_dashboard(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form, months, valid = months_from(request)
    data = services.organisation_dashboard(actor, months)
    worst = (
        objects_for(actor, Action.VIEW)
        .filter(quality__isnull=False)
        .select_related("quality")
        .order_by("quality__score", "name")[:WORST]
    )
    return _render(
        request,
        _("Data quality: %(org)s") % {"org": actor.organisation},
        data,
        form,
        valid,
        {"months": months, "worst": worst, "network": False, "actor": actor},
    )


def network_dashboard(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form, months, valid = months_from(request)
    data = services.network_dashboard(actor, months)
    return _render(
        request,
        _("Data quality: the network"),
        data,
        form,
        valid,
        {"months": months, "network": True, "actor": actor},
    )
