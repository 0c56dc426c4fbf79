"""Search synonym screens: reached from the vocabularies, read by every member, governed by
network admins (create, edit, turn off and on, delete), in French first."""

import pytest
from django.urls import reverse
from django.utils import translation

from opensit.core.models import AuditEntry
from opensit.network.permissions import Actor
from opensit.search import synonyms
from opensit.search.synonym_models import Synonym

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]


@pytest.fixture(autouse=True)
def fresh_cache():
    synonyms.clear_cache()
    yield
    synonyms.clear_cache()


@pytest.fixture
def gite(network):
    board = Actor.for_user(network.users["network_admin"], network.board)
    return synonyms.create_rule(board, ["gîte", "location"], note="demande de l'OT")


def _state():
    return sorted(Synonym.objects.values_list("terms", "kind", "language", "active", "note"))


def test_reached_from_the_vocabularies_in_french(client, network, gite):
    client.force_login(network.users["reader"])
    vocabularies = client.get(reverse("opensit_vocabularies"), HTTP_ACCEPT_LANGUAGE="fr")
    assert reverse("opensit_synonyms") in vocabularies.content.decode()
    assert "Synonymes de recherche" in vocabularies.content.decode()
    page = client.get(reverse("opensit_synonyms"))
    html = page.content.decode()
    assert page.status_code == 200 and not page.context["can_manage"]
    assert "gîte ↔ location" in html
    assert "Toutes les langues" in html and "Essayer une recherche" in html
    assert "Ajouter une règle" not in html  # readers do not govern


def test_english_labels(client, network, gite):
    client.force_login(network.users["network_admin"])
    with translation.override("en"):
        html = client.get(reverse("opensit_synonyms"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Search synonyms" in html and "Add a synonym rule" in html


def test_try_a_query(client, network, gite):
    client.force_login(network.users["editor"])
    page = client.get(reverse("opensit_synonyms"), {"q": "Gîtes à Amboise", "lang": "fr"})
    assert page.context["expansions"] == [("gites", ["location"])]
    assert (
        "Aucun synonyme"
        in client.get(reverse("opensit_synonyms"), {"q": "chambord"}).content.decode()
    )


@pytest.mark.parametrize("who", MATRIX)
def test_create_matrix(client, network, who):
    client.force_login(network.users[who])
    url = reverse("opensit_synonym_add")
    form = client.get(url)
    data = {"terms": "VTT\nvélo tout terrain", "kind": "equivalent", "language": "fr", "note": ""}
    data["active"] = "on"
    response = client.post(url, data)
    if who == "network_admin":
        assert form.status_code == 200
        assert "Termes" in form.content.decode() and "Équivalents" in form.content.decode()
        assert response.status_code == 302
        assert _state() == [(["VTT", "vélo tout terrain"], "equivalent", "fr", True, "")]
        assert synonyms.alternatives(["vtt"], "fr") == {(0, 1): [("velo", "tout", "terrain")]}
        assert AuditEntry.objects.filter(action="synonym.create").count() == 1
    else:
        assert form.status_code == 403 and response.status_code == 403
        assert "administrateurs du réseau" in response.content.decode()
        assert _state() == []


def test_create_errors_are_shown(client, network):
    client.force_login(network.users["network_admin"])
    url = reverse("opensit_synonym_add")
    one = client.post(url, {"terms": "gîte", "kind": "equivalent", "language": ""})
    assert one.status_code == 400 and one.context["form"].errors["terms"]
    assert "au moins 2 termes" in one.content.decode()
    same = client.post(url, {"terms": "gîte\nGites", "kind": "equivalent", "language": ""})
    assert same.status_code == 400 and "mêmes termes" in same.content.decode()
    kind = client.post(url, {"terms": "a1\nb1", "kind": "both", "language": ""})
    assert kind.status_code == 400 and kind.context["form"].errors["kind"]
    language = client.post(url, {"terms": "a1\nb1", "kind": "equivalent", "language": "xx"})
    assert language.status_code == 400 and language.context["form"].errors["language"]
    assert _state() == []


@pytest.mark.parametrize("who", MATRIX)
def test_edit_toggle_delete_matrix(client, network, gite, who):
    client.force_login(network.users[who])
    edit_url = reverse("opensit_synonym_edit", args=[gite.pk])
    page = client.get(edit_url)
    before = _state()
    edited = client.post(
        edit_url,
        {
            "terms": "gîte\nlocation\nmeublé",
            "kind": "one_way",
            "language": "",
            "active": "on",
            "note": "",
        },
    )
    if who == "network_admin":
        assert page.status_code == 200 and "gîte\nlocation" in page.content.decode()
        assert "Supprimer cette règle" in page.content.decode()
        assert edited.status_code == 302
        assert _state() == [(["gîte", "location", "meublé"], "one_way", "", True, "")]
        assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("location",), ("meuble",)]}
    else:
        assert page.status_code == 403 and edited.status_code == 403
        assert _state() == before
    off = client.post(reverse("opensit_synonym_active", args=[gite.pk]), {"active": "0"})
    if who == "network_admin":
        assert off.status_code == 302 and not Synonym.objects.get().active
        assert synonyms.alternatives(["gite"], "fr") == {}
        listing = client.get(reverse("opensit_synonyms")).content.decode()
        assert "Désactivée" in listing and "Activer" in listing
        on = client.post(reverse("opensit_synonym_active", args=[gite.pk]), {"active": "1"})
        assert on.status_code == 302 and Synonym.objects.get().active
    else:
        assert off.status_code == 403 and Synonym.objects.get().active
    delete_url = reverse("opensit_synonym_delete", args=[gite.pk])
    assert client.get(delete_url).status_code == (302 if who == "network_admin" else 403)
    deleted = client.post(delete_url)
    if who == "network_admin":
        assert deleted.status_code == 302 and not Synonym.objects.exists()
        assert synonyms.alternatives(["gite"], "fr") == {}
        actions = list(
            AuditEntry.objects.filter(action__startswith="synonym.")
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == [
            "synonym.create",
            "synonym.update",
            "synonym.deactivate",
            "synonym.activate",
            "synonym.delete",
        ]
    else:
        assert deleted.status_code == 403 and Synonym.objects.count() == 1


def test_unknown_rule_is_404(client, network):
    client.force_login(network.users["network_admin"])
    assert client.get(reverse("opensit_synonym_edit", args=[999])).status_code == 404
    assert client.post(reverse("opensit_synonym_delete", args=[999])).status_code == 404
