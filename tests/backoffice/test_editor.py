"""The object editor: tabs built from the document, saves through the services, Pydantic errors
next to their field, recurrence rules and the map point, and refusals across organisations."""

from datetime import date

import pytest
from django.urls import reverse

from opensit.catalog import services
from opensit.catalog.models import Revision, TourismObject
from opensit.network.models import Commune

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 1) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def editor_post(type_code: str, **fields: str) -> dict[str, str]:
    """A minimal editor submission: every formset empty unless given."""
    data = {"type": type_code, "licence": "etalab-2.0", "pets_allowed": "unknown"}
    for prefix in ("contacts", "periods", "occurrences", "recurrences", "prices", "media", "links"):
        data |= management(prefix, 0)
    data |= fields
    return data


def form_data_of(response) -> dict[str, object]:
    """What the browser would send back for the page as rendered (initial values)."""
    editor = response.context["editor"]
    data: dict[str, object] = {}
    for name in editor.form.fields:
        value = editor.form[name].value()
        if value is None:
            continue
        data[name] = value if isinstance(value, list) else str(value)
    for formset in editor.formsets.values():
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": str(len(formset.initial or [])),
            f"{formset.prefix}-INITIAL_FORMS": str(len(formset.initial or [])),
            f"{formset.prefix}-MIN_NUM_FORMS": "0",
            f"{formset.prefix}-MAX_NUM_FORMS": "1000",
        }
        for index, form in enumerate(formset.forms[: len(formset.initial or [])]):
            for name in form.fields:
                value = form[name].value()
                if value not in (None, "", False):
                    data[f"{formset.prefix}-{index}-{name}"] = (
                        value if isinstance(value, list) else str(value)
                    )
    return data


def test_editor_shows_the_tabs_and_the_document(client, tours, catalog):
    client.force_login(tours.user)
    musee = catalog["musee"]
    response = client.get(reverse("opensit_object_edit", args=[musee.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("general", "texts", "location", "contacts", "dates", "prices", "media", "booking"):
        assert f'data-panel="{tab}"' in html
    form = response.context["form"]
    assert form["name_fr"].value() == "Musée des Beaux-Arts de Tours"
    assert form["commune"].value() == "Tours"  # its name, not its code
    assert form["latitude"].value() == 47.3952
    assert 'id="opensit-map"' in html
    assert "leaflet/leaflet.js" in html  # the static Leaflet, no CDN
    assert "unpkg.com" not in html and "cdnjs" not in html


def test_editor_save_updates_through_services_and_keeps_unedited_fields(client, tours, catalog):
    client.force_login(tours.user)
    musee = catalog["musee"]
    url = reverse("opensit_object_edit", args=[musee.pk])
    data = form_data_of(client.get(url))
    data |= {
        "name_en": "Museum of Fine Arts, Tours",
        "short_description_fr": "Dans l'ancien archevêché, face à la cathédrale.",
        "contacts-TOTAL_FORMS": "1",
        "contacts-0-kind": "phone",
        "contacts-0-value": "+33 2 47 05 68 73",
        "contacts-0-role": "main",
        "prices-TOTAL_FORMS": "1",
        "prices-0-label": "Plein tarif",
        "prices-0-min": "6",
        "prices-0-max": "6",
        "media-TOTAL_FORMS": "1",
        "media-0-kind": "image",
        "media-0-url": "https://example.org/mba-tours.jpg",
        "media-0-credit": "Ville de Tours",
        "media-0-licence": "cc-by-4.0",
        "media-0-publication_end": "2027-12-31",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    musee.refresh_from_db()
    doc = musee.document
    assert doc["name"] == {
        "fr": "Musée des Beaux-Arts de Tours",
        "en": "Museum of Fine Arts, Tours",
    }
    assert doc["contacts"] == [{"kind": "phone", "value": "+33 2 47 05 68 73"}]
    assert doc["pricing"]["prices"] == [{"label": {"fr": "Plein tarif"}, "min": 6.0, "max": 6.0}]
    assert doc["media"][0]["credit"] == "Ville de Tours"
    assert doc["media"][0]["publication_end"] == "2027-12-31"
    assert doc["location"]["latitude"] == 47.3952  # untouched fields survive the round trip
    assert musee.version == 2
    assert Revision.objects.filter(object=musee, action="update", author=tours.user).count() == 1


def test_pydantic_error_is_shown_next_to_its_field(client, tours, catalog):
    client.force_login(tours.user)
    hotel = catalog["hotel"]
    before = hotel.document
    url = reverse("opensit_object_edit", args=[hotel.pk])
    data = form_data_of(client.get(url))
    data |= {
        "latitude": "123.5",
        "prices-TOTAL_FORMS": "1",
        "prices-0-label": "Chambre double",
        "prices-0-min": "120",
        "prices-0-max": "95",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    editor = response.context["editor"]
    # Pydantic's messages, by their type, in the reader's language (French here).
    assert editor.form.errors["latitude"] == ["Doit être inférieur ou égal à 90."]
    price_errors = editor.formsets["prices"].forms[0].non_field_errors()
    assert price_errors == ["Le prix maximum 95 est inférieur au minimum 120."]
    assert editor.tab_errors() == {"location", "prices"}
    html = response.content.decode()
    assert 'data-error-for="latitude"' in html
    hotel.refresh_from_db()
    assert hotel.version == 1 and hotel.document == before  # nothing saved


def test_missing_name_error_lands_on_the_french_name(client, tours):
    client.force_login(tours.user)
    response = client.post(reverse("opensit_object_create"), editor_post("museum"))
    assert response.status_code == 400
    assert "Un nom est obligatoire" in response.context["form"].errors["name_fr"][0]
    assert TourismObject.objects.count() == 0


def test_create_an_event_with_a_recurrence_rule_and_a_point(client, tours):
    client.force_login(tours.user)
    url = reverse("opensit_object_create") + "?type=market_fair"
    assert "recurrences-TOTAL_FORMS" in client.get(url).content.decode()
    data = editor_post(
        "market_fair",
        name_fr="Marché des Halles de Tours",
        name_en="Tours covered market",
        commune="37261",
        latitude="47.3905",
        longitude="0.6826",
        **management("recurrences", 1),
        **{
            "recurrences-0-start_date": "2026-01-03",
            "recurrences-0-freq": "WEEKLY",
            "recurrences-0-interval": "1",
            "recurrences-0-weekdays": ["SA", "WE"],
            "recurrences-0-until": "2026-06-27",
            "recurrences-0-start_time": "07:00",
            "recurrences-0-end_time": "13:00",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    obj = TourismObject.objects.get(name="Marché des Halles de Tours")
    assert obj.owner == tours.organisation and obj.status == "draft"
    assert (obj.latitude, obj.longitude, obj.commune_insee) == (47.3905, 0.6826, "37261")
    assert obj.document["event"]["recurrences"] == [
        {
            "start_date": "2026-01-03",
            "rrule": "FREQ=WEEKLY;BYDAY=WE,SA;UNTIL=20260627",
            "start_time": "07:00:00",
            "end_time": "13:00:00",
        }
    ]
    # The projection expands the rule: first Saturday 3 January, last Saturday 27 June 2026.
    assert (obj.first_date, obj.last_date) == (date(2026, 1, 3), date(2026, 6, 27))
    # Edited again, the builder shows the rule's parts.
    edit = client.get(reverse("opensit_object_edit", args=[obj.pk]))
    rec = edit.context["editor"].formsets["recurrences"].forms[0]
    assert rec["weekdays"].value() == ["WE", "SA"]
    assert rec["until"].value() == date(2026, 6, 27)
    assert rec["start_time"].value() == "07:00:00"


def test_a_recurrence_needs_an_end(client, tours):
    client.force_login(tours.user)
    data = editor_post(
        "market_fair",
        name_fr="Marché sans fin",
        **management("recurrences", 1),
        **{"recurrences-0-start_date": "2026-01-03", "recurrences-0-freq": "WEEKLY"},
    )
    response = client.post(reverse("opensit_object_create"), data)
    assert response.status_code == 400
    rec = response.context["editor"].formsets["recurrences"].forms[0]
    assert rec.errors["until"] == ["Indiquez une date de fin ou un nombre de fois."]  # French UI


def test_editing_another_organisation_object_is_refused(client, tours, blois, catalog):
    """Another office's draft is "not found" and never named; its published object is a 403."""
    client.force_login(tours.user)
    chateau = catalog["chateau"]
    url = reverse("opensit_object_edit", args=[chateau.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert "Château royal de Blois" not in response.content.decode()
    response = client.post(url, editor_post("castle", name_fr="Château piraté"))
    assert response.status_code == 404
    status = client.post(reverse("opensit_object_status", args=[chateau.pk]), {"action": "publish"})
    assert status.status_code == 404
    assert "Château royal de Blois" not in status.content.decode()
    chateau.refresh_from_db()
    assert (chateau.name, chateau.status, chateau.version) == ("Château royal de Blois", "draft", 1)

    services.publish(blois.actor, chateau)
    response = client.post(url, editor_post("castle", name_fr="Château piraté"))
    assert response.status_code == 403
    chateau.refresh_from_db()
    assert chateau.name == "Château royal de Blois"


def test_status_actions_publish_then_unpublish_with_reason(client, tours, catalog):
    client.force_login(tours.user)
    musee = catalog["musee"]
    url = reverse("opensit_object_status", args=[musee.pk])
    client.post(url, {"action": "publish"})
    musee.refresh_from_db()
    assert musee.status == "published"
    client.post(url, {"action": "unpublish", "reason": ""})
    musee.refresh_from_db()
    assert musee.status == "published"  # a reason is required
    client.post(url, {"action": "unpublish", "reason": "Rénovation 2027"})
    musee.refresh_from_db()
    assert musee.status == "unpublished"


def test_switching_organisation_changes_the_scope(client, tours, blois, catalog):
    from opensit.network.models import Membership

    Membership.objects.create(user=tours.user, organisation=blois.organisation, role="editor")
    client.force_login(tours.user)
    url = reverse("opensit_objects")
    assert len(client.get(url).context["page"]) == 3
    client.post(reverse("opensit_switch_organisation"), {"organisation": blois.organisation.pk})
    assert [o.name for o in client.get(url).context["page"]] == ["Château royal de Blois"]
    edit = reverse("opensit_object_edit", args=[catalog["musee"].pk])
    assert client.get(edit).status_code == 404  # another office's draft: not found


def test_blank_extra_rows_as_a_browser_posts_them_are_ignored(client, tours, catalog):
    """Browsers post the first option of every select of the blank extra rows."""
    client.force_login(tours.user)
    musee = catalog["musee"]
    url = reverse("opensit_object_edit", args=[musee.pk])
    data = form_data_of(client.get(url))
    for prefix, kind in (("contacts", "phone"), ("media", "image"), ("links", "related")):
        data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-kind": kind}
    data |= {"contacts-0-role": "main", "name_en": "Museum of Fine Arts"}
    assert client.post(url, data).status_code == 302
    musee.refresh_from_db()
    assert musee.version == 2 and "contacts" not in musee.document and "media" not in musee.document


def test_history_shows_the_diff_of_a_revision_and_restores_an_old_one(client, tours, catalog):
    from opensit.catalog import services

    musee = catalog["musee"]
    renamed = {**musee.document, "name": {"fr": "MBA Tours", "en": "Fine Arts Museum"}}
    services.update_object(tours.actor, musee, renamed)
    client.force_login(tours.user)
    url = reverse("opensit_object_history", args=[musee.pk])
    page = client.get(url, {"rev": 2})
    assert [r.number for r in page.context["revisions"]] == [2, 1]
    assert page.context["rows"] == [
        {
            "field": "name",
            "label": "Nom",
            "change": None,
            "languages": [
                {"lang": "fr", "old": "Musée des Beaux-Arts de Tours", "new": "MBA Tours"},
                {"lang": "en", "old": "—", "new": "Fine Arts Museum"},
            ],
        }
    ]
    client.post(reverse("opensit_object_restore", args=[musee.pk]), {"number": 1})
    musee.refresh_from_db()
    assert (musee.name, musee.version) == ("Musée des Beaux-Arts de Tours", 3)
    assert musee.revisions.get(number=3).action == "restore"
    other = reverse("opensit_object_history", args=[catalog["chateau"].pk])
    assert client.get(other).status_code == 404


def test_excluded_dates_of_a_recurrence_survive_an_edit(client, tours):
    from tests.backoffice.conftest import make_object

    market = make_object(
        tours.actor,
        "Marché de Noël de Tours",
        "market_fair",
        event={
            "recurrences": [
                {
                    "start_date": "2026-11-28",
                    "rrule": "FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20261227",
                    "exdates": ["2026-12-05"],
                }
            ]
        },
    )
    client.force_login(tours.user)
    url = reverse("opensit_object_edit", args=[market.pk])
    data = form_data_of(client.get(url))
    data["name_en"] = "Tours Christmas market"
    assert client.post(url, data).status_code == 302
    market.refresh_from_db()
    assert market.document["event"]["recurrences"] == [
        {
            "start_date": "2026-11-28",
            "rrule": "FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20261227",
            "exdates": ["2026-12-05"],
        }
    ]
    assert market.document["name"]["en"] == "Tours Christmas market"


def test_a_reader_reads_the_object_and_may_not_save(client, network):
    """A reader of the owning office opens the editor as a read-only screen: every field shown
    and disabled, no save, no status buttons; a POST is refused and changes nothing."""
    from opensit.catalog import services as catalog_services
    from opensit.network.permissions import Actor

    admin = Actor.for_user(network.users["admin"], network.tours)
    obj = catalog_services.create_object(
        admin, {"type": "museum", "name": {"fr": "Musée du Compagnonnage"}}
    )
    client.force_login(network.users["reader"])
    url = reverse("opensit_object_edit", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="read-only"' in page and "Musée du Compagnonnage" in page
    assert 'data-testid="save"' not in page and 'value="publish"' not in page
    assert response.context["form"]["name_fr"].field.disabled
    refused = client.post(url, {"name_fr": "Autre nom", "type": "museum"})
    assert refused.status_code == 403
    obj.refresh_from_db()
    assert (obj.name, obj.version) == ("Musée du Compagnonnage", 1)
    # Outside its scope a reader still finds nothing to read: Blois' objects are not shown.
    other = catalog_services.create_object(
        Actor.for_user(network.users["other_admin"], network.blois),
        {"type": "museum", "name": {"fr": "Musée de Blois"}},
    )
    assert client.get(reverse("opensit_object_edit", args=[other.pk])).status_code == 404


def test_the_commune_is_typed_as_people_name_it(client, tours, catalog):
    """A name or a postal code stores the INSEE code and the name; a shared name is narrowed by
    the postal code or refused with the candidates; the field shows the name back."""
    Commune.objects.bulk_create(
        [
            Commune(insee="37129", name="Limeray", postal_codes=["37530"]),
            Commune(insee="37261", name="Tours", postal_codes=["37000", "37100", "37200"]),
            Commune(insee="41213", name="Saint-Aignan", postal_codes=["41110"]),
            Commune(insee="72308", name="Saint-Aignan", postal_codes=["72120"]),
        ]
    )
    client.force_login(tours.user)
    musee = catalog["musee"]
    url = reverse("opensit_object_edit", args=[musee.pk])

    def save(**fields: str):
        return client.post(url, form_data_of(client.get(url)) | fields)

    assert save(commune="Limeray").status_code == 302
    musee.refresh_from_db()
    assert musee.document["location"]["commune"] == {"insee": "37129", "name": "Limeray"}
    assert musee.commune_insee == "37129"
    assert client.get(url).context["form"]["commune"].value() == "Limeray"

    assert save(commune="37261").status_code == 302  # Tours by its INSEE code
    musee.refresh_from_db()
    assert musee.document["location"]["commune"] == {"insee": "37261", "name": "Tours"}

    refused = save(commune="saint aignan")
    assert refused.status_code == 400
    message = refused.context["form"].errors["commune"][0]
    assert "Saint-Aignan (41110)" in message and "Saint-Aignan (72120)" in message
    assert refused.context["editor"].tab_errors() == {"location"}
    assert save(commune="Nowhere").context["form"].errors["commune"] == [
        "Aucune commune ne s'appelle « Nowhere »."  # the back office speaks French
    ]

    version = TourismObject.objects.get(pk=musee.pk).version
    assert save(commune="Saint-Aignan", postal_code="72120").status_code == 302
    musee.refresh_from_db()
    assert musee.document["location"]["commune"] == {"insee": "72308", "name": "Saint-Aignan"}
    assert musee.version == version + 1
    # Shown as "Saint-Aignan", a shared name: saved unchanged, it stays valid and unchanged.
    assert save().status_code == 302
    musee.refresh_from_db()
    assert musee.version == version + 1
