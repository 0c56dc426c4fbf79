"""The demo catalog: loaded once, through the services, every root type, bilingual, with users
of each role and a recurring event whose projection is right. Its dates, and what a later run
does with them, are in test_demo_dates.py; its API key in test_demo_api.py."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from opensit.catalog.models import Revision, TourismObject, VocabularyEntry
from opensit.catalog.types import ROOTS
from opensit.core.identifiers import source_object_id
from opensit.core.models import AuditEntry
from opensit.demo.loader import load_demo
from opensit.diffusion.models import DiffusionProject, FeedEntry
from opensit.network.models import Commune, Membership, Organisation

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        TourismObject.objects.count(),
        Revision.objects.count(),
        FeedEntry.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        VocabularyEntry.objects.count(),
        Commune.objects.count(),
    )


def test_demo_loads_once(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    assert "Demo catalog loaded: 73 objects, 70 published." in first
    before, last_entry = _counts(), FeedEntry.objects.order_by("-seq").first().seq
    audit = AuditEntry.objects.count()
    call_command("demo")
    second = capsys.readouterr().out
    assert "already loaded" in second
    assert _counts() == before
    assert AuditEntry.objects.count() == audit
    assert FeedEntry.objects.order_by("-seq").first().seq == last_entry
    for username in ("admin", "office-admin", "editor", "contributor", "reader", "provider"):
        assert f"  {username} " in first and f"  {username} " in second


def test_every_root_type_and_bilingual_names():
    load_demo(date(2026, 5, 1))
    objects = list(TourismObject.objects.all())
    assert 60 <= len(objects) <= 150
    assert {obj.type_root for obj in objects} == set(ROOTS)
    for obj in objects:
        assert obj.document["name"].keys() >= {"fr", "en"}, obj.name
        assert obj.document["description"].keys() >= {"fr", "en"}, obj.name
    castle = TourismObject.objects.get(
        id=source_object_id("opensit-demo", "chateau-royal-d-amboise")
    )
    assert castle.name == "Château royal d'Amboise"
    assert castle.document["name"]["en"] == "Royal Château of Amboise"
    assert (castle.commune_insee, castle.department) == ("37003", "37")
    assert castle.latitude == pytest.approx(47.4136) and castle.longitude == pytest.approx(0.9862)
    assert castle.document["pricing"]["prices"][0]["min"] == 16.4
    assert castle.document["media"][0]["credit"] == "OpenSIT démo / Léa Moreau"
    assert castle.document["media"][0]["licence"] == "cc-by-4.0"


def test_objects_written_through_services_by_their_owner():
    load_demo(date(2026, 5, 1))
    winery = TourismObject.objects.get(name="Domaine des Coteaux")
    assert winery.owner.slug == "domaine-des-coteaux"
    assert winery.status == "published" and winery.version == 2
    revisions = list(Revision.objects.filter(object=winery).order_by("number"))
    assert [(r.number, r.action, r.author.username, r.origin) for r in revisions] == [
        (1, "create", "provider", "demo"),
        (2, "publish", "provider", "demo"),
    ]
    drafts = set(TourismObject.objects.filter(status="draft").values_list("name", flat=True))
    assert drafts == {"Miellerie du Val", "Parking du château", "Journée Léonard de Vinci"}
    assert Revision.objects.filter(number=1).count() == TourismObject.objects.count()
    assert not Revision.objects.exclude(origin="demo").exists()
    # Each owner's objects are written by its member: the board's feast by the board's admin.
    feast = TourismObject.objects.get(name="Fête de la Saint-Vincent des vignerons")
    assert feast.owner.slug == "adt-touraine"
    assert Revision.objects.get(object=feast, number=1).author.username == "admin"
    tasting = TourismObject.objects.get(name="Soirée dégustation au Domaine des Coteaux")
    assert tasting.owner.slug == "domaine-des-coteaux"


def test_vocabulary_covers_every_code_used():
    load_demo(date(2026, 5, 1))
    known = set(VocabularyEntry.objects.values_list("code", flat=True))
    used = set()
    for doc in TourismObject.objects.values_list("document", flat=True):
        for key in ("amenities", "themes", "labels", "classifications", "accessibility"):
            used.update(doc.get(key, []))
        used.update(doc.get("pricing", {}).get("payment_methods", []))
    assert used and used <= known
    assert VocabularyEntry.objects.get(code="Wifi").labels == {
        "fr": "Wifi, accès internet",
        "en": "Wifi, internet access",
    }


def test_territory_organisations_and_roles(client):
    load_demo(date(2026, 5, 1))
    amboise = Commune.objects.get(insee="37003")
    assert (amboise.name, amboise.postal_codes, amboise.department) == ("Amboise", ["37400"], "37")
    board = Organisation.objects.get(slug="adt-touraine")
    assert board.is_network_admin and board.communes.count() == 12
    office = Organisation.objects.get(slug="ot-amboise")
    assert office.parent == board and office.communes.filter(insee="37070").exists()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"admin", "editor", "contributor", "reader"}
    assert client.login(username="admin", password="opensit-demo")
    assert client.get("/django-admin/").status_code == 200
    assert client.login(username="reader", password="opensit-demo")
    assert client.get("/django-admin/").status_code == 302  # not staff: back to the login


def test_recurring_event_projection():
    load_demo(date(2026, 11, 25))  # a Wednesday: summer 2026 is over, Christmas is coming
    market = TourismObject.objects.get(name="Marché nocturne des vignerons")
    # Thursdays of July and August 2027 (the next summer), from 1 July to 26 August.
    assert (market.first_date, market.last_date) == (date(2027, 7, 1), date(2027, 8, 26))
    recurrence = market.document["event"]["recurrences"][0]
    assert recurrence["rrule"] == "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270826"
    assert recurrence["exdates"] == ["2027-07-15"]
    festival = TourismObject.objects.get(name="Les Nuits de la Pagode")
    assert (festival.first_date, festival.last_date) == (date(2027, 7, 9), date(2027, 7, 11))
    # Eighteen months, from the first of the month three months ago.
    exhibition = TourismObject.objects.get(name="Léonard, ingénieur du roi")
    assert (exhibition.first_date, exhibition.last_date) == (date(2026, 8, 1), date(2028, 1, 31))
    assert exhibition.document["media"][0]["publication_end"] == "2028-01-31"
    visits = TourismObject.objects.get(name="Visite guidée du vieil Amboise")
    # First Saturdays, ten times from this month: 7 November 2026 to 7 August 2027.
    assert (visits.first_date, visits.last_date) == (date(2026, 11, 7), date(2027, 8, 7))
    # The Christmas market of this year, two weekends from the first Friday after 4 December.
    xmas = TourismObject.objects.get(name="Marché de Noël d'Amboise")
    assert [o["start_date"] for o in xmas.document["event"]["occurrences"]] == [
        "2026-12-04",
        "2026-12-11",
    ]
    assert (xmas.first_date, xmas.last_date) == (date(2026, 12, 4), date(2026, 12, 13))
    assert xmas.document["media"][0]["publication_end"] == "2026-12-13"
    # Four Sunday concerts: this Sunday, next Sunday, then five and nine weeks on.
    concerts = TourismObject.objects.get(name="Les Dimanches musicaux de Saint-Denis")
    assert [o["start_date"] for o in concerts.document["event"]["occurrences"]] == [
        "2026-11-29",
        "2026-12-06",
        "2027-01-03",
        "2027-01-31",
    ]
    weekly = TourismObject.objects.get(name="Marché d'Amboise")
    assert weekly.document["event"]["recurrences"][0]["rrule"] == (
        "FREQ=WEEKLY;BYDAY=FR,SU;UNTIL=20271130"
    )
    assert (weekly.first_date, weekly.last_date) == (date(2026, 11, 1), date(2027, 11, 28))


def test_existing_username_is_a_clear_error(django_user_model):
    django_user_model.objects.create_user("editor", password="x")
    with pytest.raises(CommandError, match="already taken: editor"):
        call_command("demo")
    assert TourismObject.objects.count() == 0
    assert not Organisation.objects.filter(slug="adt-touraine").exists()
    assert not DiffusionProject.objects.exists()
