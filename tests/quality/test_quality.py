"""Completeness, checks, stored results on write, duplicates, freshness and dashboards."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.network.models import Commune
from opensit.quality.completeness import completeness
from opensit.quality.dashboard import network_dashboard, organisation_dashboard
from opensit.quality.duplicates import find_duplicates
from opensit.quality.models import ObjectQuality

RESTAURANT = {
    "type": "restaurant",
    "name": {"fr": "Le Bistrot des Halles"},
    "location": {
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3900,
        "longitude": 0.6820,
    },
    "contacts": [
        {"kind": "phone", "value": "02 47 61 00 00"},
        {"kind": "email", "value": "contact@bistrot-halles"},
        {"kind": "website", "value": "bistrot-halles.fr"},
    ],
    "media": [{"kind": "image", "url": "https://example.org/salle.jpg", "credit": "OT Tours"}],
}


@pytest.fixture
def editor(org_factory, member_factory):
    Commune.objects.create(insee="37261", name="Tours", latitude=47.3936, longitude=0.6892)
    return member_factory(org_factory("ot-tours"), "editor")


def test_completeness_names_what_is_missing(settings):
    settings.LANGUAGES = [("fr", "French"), ("en", "English")]
    score, missing = completeness(RESTAURANT)
    assert missing == [
        "short_description.fr",
        "opening",
        "description.fr",
        "name.en",
        "short_description.en",
        "description.en",
        "pricing",
        "languages",
    ]
    # required weigh 3 (7 rules, 5 present), recommended 1 (6 rules, none present)
    assert score == round(100 * 15 / 27) == 56


def test_quality_is_stored_on_write_with_warnings(editor):
    obj = services.create_object(editor, RESTAURANT)
    quality = ObjectQuality.objects.get(object=obj)
    assert [(w["code"], w["field"]) for w in quality.warnings] == [
        ("email", "contacts[1]"),
        ("url", "contacts[2]"),
        ("image_rights", "media[0]"),
    ]
    assert quality.warning_codes == "email image_rights url"
    far = {**RESTAURANT, "contacts": [], "media": []}
    far["location"] = {**RESTAURANT["location"], "latitude": 47.90, "longitude": 1.90}  # Orléans
    services.update_object(editor, obj, far)
    quality.refresh_from_db()
    assert quality.warnings[0]["code"] == "outside_commune"
    assert "from the centre of commune 37261" in quality.warnings[0]["message"]
    abroad = {**far, "location": {**far["location"], "latitude": 40.4168, "longitude": -3.7038}}
    services.update_object(editor, obj, abroad)
    assert (
        TourismObject.objects.filter(quality__warning_codes__contains="outside_france").count() == 1
    )


def test_event_and_media_dates(editor):
    past = (timezone.localdate() - timedelta(days=10)).isoformat()
    obj = services.create_object(
        editor,
        {
            "type": "festival",
            "name": {"fr": "Festival de Loire"},
            "event": {"occurrences": [{"start_date": past}]},
            "media": [
                {
                    "kind": "image",
                    "url": "https://example.org/affiche.jpg",
                    "credit": "Ville d'Orléans",
                    "licence": "cc-by-4.0",
                    "publication_end": past,
                }
            ],
        },
    )
    codes = [w["code"] for w in ObjectQuality.objects.get(object=obj).warnings]
    assert codes == ["media_expired", "event_past"]


def test_duplicates_by_name_nearby_and_by_phone(editor):
    a = services.create_object(editor, RESTAURANT)
    b = services.create_object(
        editor,
        {
            **RESTAURANT,
            "name": {"fr": "Bistrot des Halles (Le)"},
            "contacts": [],
            "location": {**RESTAURANT["location"], "latitude": 47.3910, "longitude": 0.6825},
        },
    )
    c = services.create_object(
        editor,
        {
            "type": "restaurant",
            "name": {"fr": "Brasserie du Théâtre"},
            "contacts": [{"kind": "phone", "value": "+33 2 47 61 00 00"}],
        },
    )
    far = services.create_object(
        editor,
        {**RESTAURANT, "contacts": [], "location": {"latitude": 47.90, "longitude": 1.90}},
    )
    hotel = services.create_object(
        editor,
        {
            "type": "hotel",
            "name": {"fr": "Hôtel du Théâtre"},
            "contacts": [{"kind": "phone", "value": "02.47.61.00.00"}],
        },
    )
    candidates = find_duplicates(TourismObject.objects.all())
    found = {(x.first, x.second): x.reasons for x in candidates}
    assert found == {
        tuple(sorted((a.id, b.id))): ["name"],
        tuple(sorted((a.id, c.id))): ["phone"],
    }
    assert far.id not in str(found) and hotel.id not in str(found)  # other kind of object
    assert candidates[0].reasons == ["name"] and candidates[0].similarity == 0.86


def test_stale_objects_command_and_dashboard(editor, django_user_model):
    editor.user.email = "qualite@tours-tourisme.fr"
    editor.user.save()
    old = services.create_object(editor, RESTAURANT)
    services.create_object(editor, {**RESTAURANT, "name": {"fr": "Café récent"}})
    TourismObject.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=400))
    call_command("quality", "remind", "--months", "12")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["qualite@tours-tourisme.fr"]
    assert "- Le Bistrot des Halles" in mail.outbox[0].body
    assert "Café récent" not in mail.outbox[0].body

    data = organisation_dashboard(editor.organisation)
    assert (data["objects"], data["stale"], data["proposals_waiting"]) == (2, 1, 0)
    assert data["by_type"] == {"food": 2} and data["by_commune"] == {"37261": 2}
    assert data["with_warnings"] == 2
    assert network_dashboard()["objects"] == 2
