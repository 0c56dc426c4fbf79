"""`opensit quality refresh|stale|remind` through call_command: the real effects (rows written,
mails sent), the audit entry the service writes, the service's refusals, errors naming the
parameter."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from opensit.catalog.models import TourismObject
from opensit.core.models import AuditEntry
from opensit.quality.completeness import completeness
from opensit.quality.models import DuplicateKey, ObjectQuality

from .conftest import at, make

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(network):
    """Two fresh objects, a stale hotel of Tours and a stale castle of Blois; one recipient per
    office."""
    for name, email in (
        ("tours-admin", "direction@tours.example"),
        ("blois-editor", "ed@blois.fr"),
    ):
        network.user(name).email = email
        network.user(name).save()
    tours, blois = network.actors["tours-editor"], network.actors["blois-editor"]
    objects = {
        "bistrot": make(
            tours, "Le Bistrot des Halles", location=at("37261", "Tours", 47.39, 0.682)
        ),
        "cafe": make(tours, "Café de la Loire", "cafe_bar", location=at("37261", "Tours")),
        "hotel": make(tours, "Hôtel de l'Univers", "hotel", location=at("37261", "Tours")),
        "chateau": make(blois, "Château royal de Blois", "castle", location=at("41018", "Blois")),
    }
    TourismObject.objects.filter(pk=objects["chateau"].pk).update(
        updated_at=timezone.now() - timedelta(days=500)
    )
    TourismObject.objects.filter(pk=objects["hotel"].pk).update(
        updated_at=timezone.now() - timedelta(days=400)
    )
    return objects


def quality_entries() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="quality.").values_list("action", flat=True)
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("quality", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_refresh_rewrites_every_live_object_and_is_audited(network, catalog):
    TourismObject.objects.filter(pk=catalog["cafe"].pk).update(status="deleted")
    ObjectQuality.objects.all().delete()
    DuplicateKey.objects.all().delete()
    out = run("refresh", "--no-progress")
    assert out.strip().endswith("3 objects assessed.")
    rows = {row.object_id: row for row in ObjectQuality.objects.all()}
    assert set(rows) == {catalog[k].pk for k in ("bistrot", "hotel", "chateau")}
    for key in ("bistrot", "hotel", "chateau"):
        obj = TourismObject.objects.get(pk=catalog[key].pk)
        assert (rows[obj.pk].score, rows[obj.pk].missing) == completeness(obj.document)
    assert DuplicateKey.objects.filter(object=catalog["bistrot"]).exists()  # keys rebuilt too
    entry = AuditEntry.objects.get(action="quality.refreshed")
    assert (entry.origin, entry.user, entry.data) == ("system", None, {"objects": 3})


def test_refresh_with_its_progress_bar_on_stderr(network, catalog):
    ObjectQuality.objects.all().delete()
    out, err = StringIO(), StringIO()
    call_command("quality", "refresh", stdout=out, stderr=err)
    assert out.getvalue().strip() == "4 objects assessed." and ObjectQuality.objects.count() == 4
    assert "4/4" in err.getvalue()  # the bar's last state; nothing of it on stdout


def test_refresh_is_refused_to_an_office_admin_by_the_service(network, catalog):
    ObjectQuality.objects.all().delete()
    with pytest.raises(CommandError, match="Only network administrators"):
        run("refresh", "--as-user", "tours-admin", "--as-org", "ot-tours")
    assert not ObjectQuality.objects.exists()
    assert not AuditEntry.objects.filter(action="quality.refreshed").exists()
    run("refresh", "--no-progress", "--as-user", "network", "--as-org", "crt-centre")
    entry = AuditEntry.objects.get(action="quality.refreshed")
    assert entry.user == network.user("network") and entry.organisation == network.board


def test_stale_lists_what_the_actor_sees_oldest_first(network, catalog):
    lines = run("stale", "--months", "12").splitlines()
    assert [line.split("  ")[1:] for line in lines[:-1]] == [
        [catalog["chateau"].pk, "Château royal de Blois"],
        [catalog["hotel"].pk, "Hôtel de l'Univers"],
    ]
    assert lines[-1] == "2 stale objects"
    reader = run("stale", "--as-user", "tours-reader", "--as-org", "ot-tours").splitlines()
    assert reader == [lines[1], "1 stale objects"]  # the setting's 12 months, Tours' scope
    assert run("stale", "--months", "24").splitlines() == ["0 stale objects"]
    assert mail.outbox == [] and not quality_entries()  # a read: nothing sent, no entry


def test_remind_as_the_system_mails_everyone_and_writes_the_audit_entry(network, catalog):
    out = run("remind", "--months", "12")
    assert out.splitlines() == ["direction@tours.example  1", "ed@blois.fr  1", "2 reminders sent"]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "- Hôtel de l'Univers" in bodies["direction@tours.example"]
    assert "- Château royal de Blois" in bodies["ed@blois.fr"]
    assert "Bistrot" not in "".join(bodies.values())
    entry = AuditEntry.objects.get(action="quality.reminders_sent")
    assert (entry.origin, entry.user, entry.organisation) == ("system", None, None)
    assert entry.data == {"months": 12, "recipients": 2, "objects": 2}


def test_remind_defaults_to_the_setting(network, catalog, settings):
    settings.OPENSIT_FRESHNESS_MONTHS = 15  # the hotel (400 days) is fresh enough now
    assert run("remind").splitlines()[-1] == "1 reminders sent"
    assert [m.to for m in mail.outbox] == [["ed@blois.fr"]]
    assert AuditEntry.objects.get(action="quality.reminders_sent").data["months"] == 15


def test_remind_as_a_named_editor_stays_in_its_scope(network, catalog):
    run("remind", "--as-user", "tours-editor", "--as-org", "ot-tours")
    assert [m.to for m in mail.outbox] == [["direction@tours.example"]]
    entry = AuditEntry.objects.get(action="quality.reminders_sent")
    assert entry.user == network.user("tours-editor") and entry.organisation == network.tours
    assert entry.origin == "backoffice" and entry.data["recipients"] == 1


@pytest.mark.parametrize("who", ["tours-contributor", "tours-reader"])
def test_remind_is_refused_by_the_service(network, catalog, who):
    with pytest.raises(CommandError, match="Only editors and administrators send reminders"):
        run("remind", "--as-user", who, "--as-org", "ot-tours")
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="quality.reminders_sent").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["remind", "--months", "0"], "months: between 1 and 120, not 0"),
        (["stale", "--months", "121"], "months: between 1 and 120, not 121"),
        (["remind", "--months", "x"], "argument --months: invalid int value: 'x'"),
        (["stale", "--as-user", "nobody", "--as-org", "ot-tours"], "--as-user: unknown user"),
        (["stale", "--as-user", "tours-editor", "--as-org", "nowhere"], "--as-org: unknown"),
        (["remind", "--as-user", "tours-editor"], "--as-org: required with --as-user"),
        (["refresh", "--as-org", "ot-tours"], "--as-user: required with --as-org"),
        (["remind", "--as-user", "blois-editor", "--as-org", "ot-tours"], "not a member"),
        (["send"], "invalid choice: 'send'"),
    ],
)
def test_bad_input_names_the_parameter_and_does_nothing(network, catalog, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert mail.outbox == [] and not quality_entries()


@pytest.mark.parametrize("old", ["quality_stale", "quality_refresh"])
def test_the_old_commands_are_gone(old):
    with pytest.raises(CommandError, match="Unknown command"):
        call_command(old)


def test_in_french_the_reminder_lists_each_object_once(network, catalog):
    with translation.override("fr"):
        out = run("remind", "--months", "12")
        with pytest.raises(CommandError, match="--as-org : obligatoire avec --as-user"):
            run("stale", "--as-user", "tours-editor")
    assert out.splitlines()[-1] == "2 relances envoyées"
    body = next(m.body for m in mail.outbox if m.to == ["ed@blois.fr"])
    assert mail.outbox[0].subject == "Fiches à mettre à jour"
    assert body == (
        "Ces fiches n'ont pas été mises à jour depuis longtemps :\n- Château royal de Blois"
    )
