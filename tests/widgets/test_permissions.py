"""Who makes and edits an organisation's widgets (`widgets.services`): its admins and editors
yes, its readers and contributors no, another office no, the network's admins yes."""

import pytest
from django.core.exceptions import PermissionDenied

from opensit.core.models import AuditEntry
from opensit.widgets import services
from tests.factories import member
from tests.widgets.conftest import PARTNER

pytestmark = pytest.mark.django_db


def actor_of(catalog, who: str, org_factory):
    if who == "network admin":
        return catalog.network_admin
    if who == "another office's admin":
        return member(org_factory("ot-blois"), "admin")
    return member(catalog.office, who)


MATRIX = [
    ("admin", True),
    ("editor", True),
    ("contributor", False),
    ("reader", False),
    ("another office's admin", False),
    ("network admin", True),
]


@pytest.mark.parametrize(("who", "allowed"), MATRIX)
def test_who_makes_a_widget_for_the_office(catalog, org_factory, who, allowed):
    actor = actor_of(catalog, who, org_factory)
    assert services.can_manage_widgets(actor, catalog.office) is allowed
    fields = {
        "title": "Agenda", "project": catalog.project, "selection": catalog.selection,
        "language": "fr", "allowed_origins": [PARTNER],
    }  # fmt: skip
    if allowed:
        widget = services.create_widget(actor, catalog.office, **fields)
        assert widget.organisation == catalog.office
        entry = AuditEntry.objects.get(action="widget.create")
        assert (entry.object_type, entry.object_id, entry.user) == ("widget", str(widget.pk),
                                                                    actor.user)  # fmt: skip
    else:
        with pytest.raises(PermissionDenied):
            services.create_widget(actor, catalog.office, **fields)


@pytest.mark.parametrize(("who", "allowed"), MATRIX)
def test_who_edits_and_sees_the_offices_widget(catalog, widget, org_factory, who, allowed):
    actor = actor_of(catalog, who, org_factory)
    assert (widget in services.widgets_for(actor)) is allowed
    if allowed:
        services.update_widget(actor, widget, title="Renamed")
        assert services.get_widget(actor, widget.pk).title == "Renamed"
        services.replace_key(actor, widget)
        actions = AuditEntry.objects.filter(object_type="widget", user=actor.user).exclude(
            action="widget.create"  # the fixture's widget, made by the office's admin
        )
        assert set(actions.values_list("action", flat=True)) == {"widget.update", "widget.key"}
    else:
        with pytest.raises(PermissionDenied):
            services.update_widget(actor, widget, title="Renamed")
        with pytest.raises(PermissionDenied):
            services.get_widget(actor, widget.pk)
        with pytest.raises(PermissionDenied):
            services.replace_key(actor, widget)


def test_a_widget_reads_under_its_own_organisations_active_project(catalog, org_factory):
    from django.core.exceptions import ValidationError

    from opensit.diffusion import services as diffusion
    from tests.factories import live_project

    blois = org_factory("ot-blois")
    foreign = live_project(member(blois, "admin"), catalog.network_admin, "Blois")
    with pytest.raises(ValidationError) as refused:
        services.create_widget(
            catalog.admin, catalog.office, title="x", project=foreign,
            selection=catalog.selection, language="fr",
        )  # fmt: skip
    assert "project" in refused.value.message_dict
    pending = diffusion.create_project(catalog.admin, "Pas encore validé")
    with pytest.raises(ValidationError):
        services.create_widget(
            catalog.admin, catalog.office, title="x", project=pending,
            selection=catalog.selection, language="fr",
        )  # fmt: skip
