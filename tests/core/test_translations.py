"""The project-level French catalog (src/opensit/locale) covers the apps without their own."""

import pytest
from django.core.management import load_command_class
from django.utils.translation import ngettext, override

from opensit.catalog.merge import merge_objects
from opensit.catalog.models import Proposal, TourismObject
from opensit.connectors.models import ImportRun
from opensit.formats.registry import UnknownFormat, get_renderer
from opensit.network.models import Organisation


def _import_help() -> str:
    command = load_command_class("opensit.connectors", "import")
    return command.create_parser("opensit", "import").format_help()


def test_import_command_arguments() -> None:
    with override("fr"):
        text = _import_help()
        assert "Format de la source" in text
        assert "Masquer la barre de progression" in text
    with override("en"):
        text = _import_help()
        assert "Source format" in text
        assert "Hide the progress bar" in text


@pytest.mark.django_db
def test_catalog_service_error() -> None:
    with override("fr"), pytest.raises(ValueError, match=r"^Un motif est obligatoire\.$"):
        merge_objects(None, None, None, "  ")
    with override("en"), pytest.raises(ValueError, match=r"^A reason is required\.$"):
        merge_objects(None, None, None, "  ")


def test_format_error_keeps_its_placeholders() -> None:
    with override("fr"), pytest.raises(UnknownFormat, match=r"^Format 'xls' inconnu : choisissez"):
        get_renderer("xls")
    with override("en"), pytest.raises(UnknownFormat, match=r"^Unknown format 'xls': choose one"):
        get_renderer("xls")


def test_model_names_and_choices() -> None:
    with override("fr"):
        assert str(TourismObject._meta.verbose_name) == "objet touristique"
        assert str(Proposal._meta.verbose_name) == "proposition de modification"
        assert Organisation.Kind.DEPARTMENTAL_BOARD.label == "Comité départemental du tourisme"
        assert ImportRun.Status.FAILED.label == "Échoué"
    with override("en"):
        assert str(TourismObject._meta.verbose_name) == "tourism object"
        assert str(Proposal._meta.verbose_name) == "proposal"
        assert Organisation.Kind.DEPARTMENTAL_BOARD.label == "Departmental tourism board"
        assert ImportRun.Status.FAILED.label == "Failed"


def test_plural_forms() -> None:
    singular, plural = "%(total)s published object", "%(total)s published objects"
    with override("fr"):
        assert ngettext(singular, plural, 0) % {"total": 0} == "0 objet publié"
        assert ngettext(singular, plural, 1) % {"total": 1} == "1 objet publié"
        assert ngettext(singular, plural, 2) % {"total": 2} == "2 objets publiés"
    with override("en"):
        assert ngettext(singular, plural, 0) % {"total": 0} == "0 published objects"
