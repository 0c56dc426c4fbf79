"""The back-office names fields and values as people read them, in their language: diff lines,
validation errors, history actions, licences and price units (issue 14, all French)."""

import pytest
from django.utils.translation import override
from pydantic import ValidationError

from opensit.backoffice.forms.editor import EditorForm
from opensit.backoffice.forms.errors import error_message
from opensit.backoffice.forms.labels import field_label, value_text
from opensit.backoffice.forms.parts import LICENCE_CHOICES, PriceForm
from opensit.backoffice.forms.recurrence import RecurrenceForm
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Revision


def test_diff_paths_read_as_the_editor_names_its_fields() -> None:
    with override("fr"):
        assert field_label("opening.periods[0].label") == "Périodes d'ouverture › 1 › Libellé"
        assert field_label("location.latitude") == "Localisation › Latitude"
        assert field_label("some.unknown_key") == "some › unknown_key"
    with override("en"):
        assert field_label("opening.periods[1].opens") == "Opening periods › 2 › Opens"


def test_values_read_as_text_not_python() -> None:
    contact = {"kind": "phone", "value": "02 47 00 00 00", "role": "booking"}
    with override("fr"):
        assert value_text(contact, "contacts") == "Téléphone : 02 47 00 00 00 ; Rôle : Réservation"
        assert value_text(True) == "Oui" and value_text(False) == "Non"
        assert value_text(None) == "—"
        assert value_text(["fr", "en"], "languages") == "fr, en"
        assert value_text("bed_and_breakfast", "type") == "Chambre d'hôtes"
        assert value_text("all-rights-reserved", "licence") == "Tous droits réservés"
        assert value_text("person", "pricing.prices[0].unit") == "par personne"
    with override("en"):
        assert value_text(contact, "contacts") == "Phone: 02 47 00 00 00 ; Role: Booking".replace(
            ":", " :"
        )


def _errors(document: dict) -> list[dict]:
    with pytest.raises(ValidationError) as caught:
        TourismDocument.model_validate(document)
    return caught.value.errors()


def test_pydantic_errors_are_translated_by_type() -> None:
    base = {"type": "hotel", "name": {"fr": "H"}}
    (latitude,) = _errors({**base, "location": {"latitude": 123}})
    (missing_name,) = _errors({"type": "hotel", "name": {}})
    (price,) = _errors({**base, "pricing": {"prices": [{"min": 120, "max": 95}]}})
    with override("fr"):
        assert error_message(latitude) == "Doit être inférieur ou égal à 90."
        assert error_message(missing_name) == "Un nom est obligatoire dans au moins une langue."
        assert error_message(price) == "Le prix maximum 95 est inférieur au minimum 120."
        unknown = {"type": "no_such_type", "msg": "Something odd", "loc": (), "input": 1}
        assert error_message(unknown) == "Valeur invalide (Something odd)."
    with override("en"):
        assert error_message(latitude) == "Must be less than or equal to 90."


@pytest.mark.django_db
def test_editor_labels_are_translated() -> None:
    with override("fr"):
        form = EditorForm(type_code="hotel", vocab={})
        assert str(form.fields["access_fr"].label) == "Accès (fr)"
        assert str(form.fields["booking_notes_fr"].label) == "Informations de réservation (fr)"
        assert str(RecurrenceForm().fields["exdates"].label) == "Dates exclues"
        licences = {code: str(label) for code, label in LICENCE_CHOICES}
        assert licences["source-rights"] == "Droits de diffusion accordés par le producteur"
        assert licences["all-rights-reserved"] == "Tous droits réservés"


def test_price_unit_is_a_choice_and_keeps_an_unknown_stored_unit() -> None:
    with override("fr"):
        form = PriceForm(initial={"unit": "per night"})
        choices = dict(form.fields["unit"].choices)
        assert choices["person"] == "par personne"
        assert choices["per night"] == "par nuit"  # as Tourinsoft writes it
        odd = PriceForm(initial={"unit": "par table"})
        assert dict(odd.fields["unit"].choices)["par table"] == "par table"
        posted = PriceForm({"unit": "par table", "label": "x"}, initial={"unit": "par table"})
        assert posted.is_valid() and "unit" not in posted.changed_data


def test_history_actions_are_labels() -> None:
    with override("fr"):
        assert Revision(action="publish").action_label() == "Publié"
        assert Revision(action="update").action_label() == "Modification"
        assert Revision(action="create").action_label() == "Création"
        assert Revision(action="later").action_label() == "later"
    with override("en"):
        assert Revision(action="update").action_label() == "Changed"
