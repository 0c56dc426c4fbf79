"""Dashboards, freshness list and reminders, per-object quality: screens through the Django
client, rights as a matrix, chart values equal to the counts in the data."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from opensit.catalog import services, workflow
from opensit.catalog.models import TourismObject
from opensit.catalog.types import TYPES
from opensit.core.models import AuditEntry
from opensit.quality.charts import bar_chart

from .conftest import at, make

pytestmark = pytest.mark.django_db

TOURS_MEMBERS = ["tours-admin", "tours-editor", "tours-contributor", "tours-reader"]


def bars(html: str, chart_id: str) -> dict[str, float]:
    """{label: value} of the bars of one SVG chart of the page."""
    svg = re.search(rf'<svg[^>]* id="{chart_id}".*?</svg>', html, re.S)
    assert svg, f"chart {chart_id} missing"
    return {
        label: float(value)
        for label, value in re.findall(r'data-label="([^"]*)" data-value="([^"]*)"', svg.group(0))
    }


@pytest.fixture
def catalog(network):
    tours, blois = network.actors["tours-editor"], network.actors["blois-editor"]
    objects = {
        "bistrot": make(tours, "Le Bistrot des Halles", location=at("37261", "Tours")),
        "cafe": make(tours, "Café de la Loire", "cafe_bar", location=at("37261", "Tours")),
        "hotel": make(tours, "Hôtel de l'Univers", "hotel", location=at("37261", "Tours")),
        "chateau": make(blois, "Château royal de Blois", "castle", location=at("41018", "Blois")),
    }
    old = timezone.now() - timedelta(days=400)
    TourismObject.objects.filter(pk__in=[objects["hotel"].pk, objects["chateau"].pk]).update(
        updated_at=old
    )
    return objects


def get(client, network, who: str, name: str, **params):
    client.force_login(network.user(who))
    return client.get(reverse(name), params, HTTP_ACCEPT_LANGUAGE="en")


def test_organisation_dashboard_charts_equal_the_counts(client, network, catalog):
    contributor = network.actors["tours-contributor"]
    workflow.edit(
        contributor,
        catalog["bistrot"],
        {**catalog["bistrot"].document, "description": {"fr": "Cuisine du marché."}},
    )
    response = get(client, network, "tours-editor", "opensit_quality")
    assert response.status_code == 200
    html = response.content.decode()
    data = response.context["data"]
    owned = TourismObject.objects.filter(owner=network.tours)
    assert data["objects"] == owned.count() == 3
    assert data["stale"] == 1 and data["proposals_waiting"] == 1
    assert 'data-figure="stale"' in html and 'data-figure="proposals_waiting"' in html

    by_type = bars(html, "objects-by-type")
    expected = {}
    for obj in owned:
        label = TYPES[obj.type_root].label("en")
        expected[label] = expected.get(label, 0) + 1
    assert by_type == expected and sum(by_type.values()) == 3
    assert bars(html, "objects-by-commune") == {"Tours (37261)": 3}

    scores = list(owned.values_list("quality__score", flat=True))
    bands = bars(html, "completeness-bands")
    assert sum(bands.values()) == len(scores) == 3
    for label, value in bands.items():
        low, high = (int(x) for x in label.split("–"))
        assert value == sum(1 for s in scores if low <= s <= high)
    means = bars(html, "completeness-by-type")
    hotel_label = TYPES["accommodation"].label("en")
    assert means[hotel_label] == catalog["hotel"].quality.score
    # The numbers are in a table as well, and the charts speak to screen readers.
    assert 'data-table="objects-by-type"' in html and 'role="img"' in html
    assert '<title id="objects-by-commune-title">Objects per commune</title>' in html
    assert "Château royal de Blois" not in html  # another organisation's


def test_network_dashboard_counts_everything_and_is_for_network_admins(client, network, catalog):
    response = get(client, network, "network", "opensit_quality_network")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["data"]["objects"] == 4 and response.context["data"]["stale"] == 2
    assert bars(html, "objects-by-commune") == {"Tours (37261)": 3, "Blois (41018)": 1}
    for who in [*TOURS_MEMBERS, "blois-editor"]:
        refused = get(client, network, who, "opensit_quality_network")
        assert refused.status_code == 403, who
        assert "network administrators" in refused.content.decode()


@pytest.mark.parametrize("who", [*TOURS_MEMBERS, "blois-editor", "network"])
def test_every_member_sees_its_organisation_dashboard(client, network, catalog, who):
    response = get(client, network, who, "opensit_quality")
    assert response.status_code == 200
    expected = {"blois-editor": 1, "network": 0, "tours-contributor": 3}.get(who, 3)
    assert response.context["data"]["objects"] == expected


def test_dashboard_refuses_non_members_and_bad_months(client, network, catalog, django_user_model):
    outsider = django_user_model.objects.create_superuser("outsider", password="x")
    client.force_login(outsider)
    assert client.get(reverse("opensit_quality")).status_code == 403
    response = get(client, network, "tours-editor", "opensit_quality", months="soon")
    assert response.status_code == 400
    assert "months" in response.content.decode() and "whole number" in response.content.decode()
    six = get(client, network, "tours-editor", "opensit_quality", months="6")
    assert six.context["months"] == 6 and six.context["data"]["stale"] == 1


def test_freshness_list_is_scoped_and_months_change_it(client, network, catalog):
    response = get(client, network, "tours-editor", "opensit_quality_freshness")
    assert [obj.name for obj in response.context["page"]] == ["Hôtel de l'Univers"]
    assert response.context["can_remind"]
    blois = get(client, network, "blois-editor", "opensit_quality_freshness", months=12)
    assert [obj.name for obj in blois.context["page"]] == ["Château royal de Blois"]
    everything = get(client, network, "network", "opensit_quality_freshness", months=14)
    assert everything.context["page"].paginator.count == 0  # 400 days < 14 months
    bad = get(client, network, "tours-editor", "opensit_quality_freshness", months=0)
    assert bad.status_code == 400 and "months" in bad.content.decode()


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("tours-admin", True),
        ("tours-editor", True),
        ("tours-contributor", False),
        ("tours-reader", False),
        ("network", True),
    ],
)
def test_send_reminders_rights(client, network, catalog, who, allowed):
    network.user("tours-admin").email = "direction@tours.example"
    network.user("tours-admin").save()
    network.user("blois-editor").email = "edition@blois.example"
    network.user("blois-editor").save()
    client.force_login(network.user(who))
    response = client.post(reverse("opensit_quality_remind"), {"months": 12})
    if not allowed:
        assert response.status_code == 403 and mail.outbox == []
        assert not AuditEntry.objects.filter(action="quality.reminders_sent").exists()
        return
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    if who == "network":
        assert recipients == ["direction@tours.example", "edition@blois.example"]
    else:  # only what Tours edits: the Blois castle is not Tours' business
        assert recipients == ["direction@tours.example"]
        assert "Hôtel de l'Univers" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="quality.reminders_sent")
    assert entry.user == network.user(who) and entry.data["months"] == 12


def test_send_reminders_names_a_bad_months(client, network, catalog):
    client.force_login(network.user("tours-editor"))
    response = client.post(
        reverse("opensit_quality_remind"), {"months": "x"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "months:" in response.content.decode() and mail.outbox == []


def test_object_quality_screen_and_rights(client, network, catalog):
    url = reverse("opensit_quality_object", args=[catalog["bistrot"].pk])
    client.force_login(network.user("tours-reader"))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    missing = catalog["bistrot"].quality.missing
    assert 'data-field="short_description.fr"' in html and "short_description.fr" in missing
    assert re.search(r'data-field="opening"><code>opening</code> — required', html)
    assert not response.context["can_edit"]
    client.force_login(network.user("blois-editor"))
    # Tours' draft does not exist for Blois: a 404 as for an unknown id, without its name.
    hidden = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    unknown = client.get(reverse("opensit_quality_object", args=["no-such-object"]))
    assert hidden.status_code == unknown.status_code == 404
    assert catalog["bistrot"].name not in hidden.content.decode()
    # Once published it is public: the refusal may name it.
    published = services.publish(network.actors["tours-editor"], catalog["bistrot"])
    refused = client.get(
        reverse("opensit_quality_object", args=[published.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 403 and "may not see" in refused.content.decode()
    client.force_login(network.user("network"))
    assert client.get(url).status_code == 200


def test_dashboard_links_the_least_complete_objects(client, network, catalog):
    response = get(client, network, "tours-editor", "opensit_quality")
    html = response.content.decode()
    for key in ("bistrot", "cafe", "hotel"):
        assert reverse("opensit_quality_object", args=[catalog[key].pk]) in html


def test_bar_chart_escapes_and_scales():
    svg = str(bar_chart("t", "<Types>", [("<b>x</b>", 50), ("y", 100)], maximum=100))
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert 'data-label="y" data-value="100"' in svg
    widths = re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', svg)
    assert float(widths[1]) == 2 * float(widths[0])


def test_screens_speak_french(client, network, catalog):
    client.force_login(network.user("tours-editor"))
    html = client.get(reverse("opensit_quality"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Objets par commune" in html and "Qualité des données : Ot-Tours" in html
    assert "Complétude moyenne par type (%)" in html
    page = client.get(reverse("opensit_quality_freshness"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "1 objet non mis à jour depuis 12 mois" in page.content.decode()
