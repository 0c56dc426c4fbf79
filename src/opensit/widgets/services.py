"""The only code that changes widgets, and who may: an organisation's admins and editors make
and edit its widgets, its readers and contributors may not, another organisation may not; the
network's admins may do it for any organisation. The views call these with the actor."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.diffusion.models import DiffusionProject, Selection
from opensit.diffusion.selections import evaluate
from opensit.network.models import Organisation
from opensit.network.permissions import EDIT_ROLES, Actor, require
from opensit.widgets.keys import widget_key
from opensit.widgets.models import Layout, Widget

EDITABLE = (
    "title", "project", "selection", "layout", "detail_object", "fallback_latitude",
    "fallback_longitude", "language", "page_size", "fields", "primary_colour",
    "background_colour", "text_colour", "allowed_origins", "active",
)  # fmt: skip


def can_manage_widgets(actor: Actor, organisation: Organisation | None) -> bool:
    """Admins and editors of `organisation`, and the network's admins."""
    if actor.is_network_admin:
        return True
    if organisation is None or actor.organisation is None:
        return False
    return actor.organisation.pk == organisation.pk and actor.role in EDIT_ROLES


def widgets_for(actor: Actor) -> QuerySet[Widget]:
    """The widgets `actor` manages: all for network admins, its organisation's for its admins
    and editors, none for anyone else."""
    widgets = Widget.objects.select_related("organisation", "project", "selection")
    if actor.is_network_admin:
        return widgets
    if not can_manage_widgets(actor, actor.organisation):
        return widgets.none()
    return widgets.filter(organisation=actor.organisation)


def projects_choice(actor: Actor, organisation: Organisation) -> QuerySet[DiffusionProject]:
    """The active projects a widget of `organisation` may read under: its own."""
    projects = DiffusionProject.objects.filter(status=DiffusionProject.Status.ACTIVE)
    return projects.filter(organisation=organisation).order_by("name")


def selections_choice(organisation: Organisation) -> QuerySet[Selection]:
    """Selections a widget may show: its organisation's, and those its projects read."""
    return (
        Selection.objects.filter(
            Q(organisation=organisation) | Q(projects__organisation=organisation)
        )
        .distinct()
        .order_by("name")
    )


def _check(actor: Actor, widget: Widget) -> Widget:
    """Refuse a project or selection the organisation may not use, then the model's rules."""
    organisation = widget.organisation
    if not projects_choice(actor, organisation).filter(pk=widget.project_id).exists():
        raise ValidationError(
            {"project": _("Choose an active diffusion project of the widget's organisation.")}
        )
    if not selections_choice(organisation).filter(pk=widget.selection_id).exists():
        raise ValidationError({"selection": _("Choose a selection of the organisation.")})
    widget.full_clean()
    if widget.layout == Layout.DETAIL and widget.detail_object not in evaluate(widget.selection):
        raise ValidationError(
            {"detail_object": _("The object shown must be a published object of the content.")}
        )
    return widget


def create_widget(actor: Actor, organisation: Organisation, **fields: Any) -> Widget:
    require(
        can_manage_widgets(actor, organisation),
        _("Only the admins and editors of an organisation make its widgets."),
    )
    widget = Widget(organisation=organisation, **{k: fields[k] for k in fields if k in EDITABLE})
    _check(actor, widget).save()
    log_action(actor, "widget.create", widget.pk, title=widget.title)
    return widget


def update_widget(actor: Actor, widget: Widget, **fields: Any) -> Widget:
    require(
        can_manage_widgets(actor, widget.organisation),
        _("Only the admins and editors of an organisation edit its widgets."),
    )
    changed = []
    for name, value in fields.items():
        if name in EDITABLE and getattr(widget, name) != value:
            setattr(widget, name, value)
            changed.append(name)
    _check(actor, widget).save()
    if changed:
        log_action(actor, "widget.update", widget.pk, fields=sorted(changed))
    return widget


def replace_key(actor: Actor, widget: Widget) -> str:
    """A new public key: the old one stops working at once (pages must paste the new one)."""
    require(
        can_manage_widgets(actor, widget.organisation),
        _("Only the admins and editors of an organisation edit its widgets."),
    )
    widget.key_version += 1
    widget.save(update_fields=["key_version", "updated_at"])
    log_action(actor, "widget.key", widget.pk)
    return public_key(widget)


def public_key(widget: Widget) -> str:
    return widget_key(widget.pk, widget.key_version)


def get_widget(actor: Actor, pk: int) -> Widget:
    """The widget if `actor` manages it; PermissionDenied otherwise."""
    widget = widgets_for(actor).filter(pk=pk).first()
    if widget is None:
        raise PermissionDenied(_("You may not manage this widget."))
    return widget


def snippets(widget: Widget, platform: str) -> dict[str, str]:
    """The three ways to paste the widget, for the configurator: web component, iframe (with
    its resizing listener) and fragment (for a server or CMS plugin to fetch)."""
    key = public_key(widget)
    base = f"{platform}/widgets/{widget.pk}"
    frame_id = f"opensit-widget-{widget.pk}"
    component = (
        f'<script src="{platform}/widgets/v1/widget.js" defer></script>\n'
        f'<opensit-widget widget="{widget.pk}" key="{key}" lang="{widget.language}">'
        "</opensit-widget>"
    )
    frame = (
        f'<iframe id="{frame_id}" src="{base}/frame?key={key}" title="{_escape(widget.title)}"'
        ' width="100%" height="480" loading="lazy" allow="geolocation"'
        ' style="border:0"></iframe>\n'
        "<script>addEventListener('message',function(e){var d=e.data;"
        f"if(e.origin==='{platform}'&&d&&d.type==='opensit-widget-height'"
        f"&&d.id==='{widget.pk}'){{document.getElementById('{frame_id}').height=d.height}}}});"
        "</script>"
    )
    paste = _("Paste here the HTML of %(url)s") % {"url": f"{base}/fragment?key={key}"}
    fragment = f'<link rel="stylesheet" href="{base}/style.css">\n<!-- {paste} -->'

    return {
        "component": component,
        "frame": frame,
        "fragment": fragment,
        "fragment_url": f"{base}/fragment?key={key}",
        "frame_url": f"{base}/frame?key={key}",
    }


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
