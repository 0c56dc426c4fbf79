"""The widget configurator: an organisation's admins and editors make widgets for partner
sites, see a live preview (an iframe of the widget on the platform) and copy the snippets.
The rules are in `opensit.widgets.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.widgets import WidgetForm
from opensit.network.permissions import Actor
from opensit.widgets import counting, services
from opensit.widgets.access import platform_origin
from opensit.widgets.models import Widget

COUNT_DAYS = 30


def _may_use(actor: Actor) -> Actor:
    if not (actor.is_network_admin or services.can_manage_widgets(actor, actor.organisation)):
        raise PermissionDenied(_("Only the admins and editors of an organisation make widgets."))
    return actor


def widget_list(request: HttpRequest) -> HttpResponse:
    actor = _may_use(current_actor(request))
    widgets = list(services.widgets_for(actor).order_by("organisation__name", "title"))
    rows = [(widget, *counting.totals(widget.pk, COUNT_DAYS)) for widget in widgets]
    return TemplateResponse(
        request,
        "widgets/widget_list.html",
        {
            "page_title": _("Widgets"),
            "header_icon": "code",
            "rows": rows,
            "days": COUNT_DAYS,
            "can_create": services.can_manage_widgets(actor, actor.organisation),
        },
    )


def _save(form: WidgetForm, save) -> Widget | None:
    """Run the service; its errors go back to the form's fields."""
    try:
        return save(**form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


def widget_new(request: HttpRequest) -> HttpResponse:
    actor = _may_use(current_actor(request))
    organisation = actor.organisation
    form = WidgetForm(request.POST or None, actor=actor, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        widget = _save(form, lambda **data: services.create_widget(actor, organisation, **data))
        if widget is not None:
            messages.success(request, _("The widget “%(title)s” is made.") % {"title": widget})
            return redirect("opensit_widget", pk=widget.pk)
    return TemplateResponse(
        request,
        "widgets/widget_form.html",
        {"page_title": _("New widget"), "header_icon": "code", "form": form},
        status=400 if request.method == "POST" else 200,
    )


def widget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _may_use(current_actor(request))
    widget = services.get_widget(actor, pk)
    form = WidgetForm(
        request.POST or None, instance=widget, actor=actor, organisation=widget.organisation
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda **data: services.update_widget(actor, widget, **data))
        if saved is not None:
            messages.success(request, _("The widget is saved."))
            return redirect("opensit_widget", pk=widget.pk)
        widget.refresh_from_db()
    platform = platform_origin(request)
    views, clicks = counting.totals(widget.pk, COUNT_DAYS)
    return TemplateResponse(
        request,
        "widgets/widget_edit.html",
        {
            "page_title": widget.title,
            "header_icon": "code",
            "widget": widget,
            "form": form,
            "snippets": services.snippets(widget, platform),
            "key": services.public_key(widget),
            "views": views,
            "clicks": clicks,
            "days": COUNT_DAYS,
            "daily": counting.daily(widget.pk, COUNT_DAYS),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def widget_key(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _may_use(current_actor(request))
    widget = services.get_widget(actor, pk)
    services.replace_key(actor, widget)
    messages.success(
        request, _("The key is replaced: paste the new snippets, the old key no longer works.")
    )
    return redirect("opensit_widget", pk=widget.pk)
