"""LEI criteria routed by the names the file's nomenclature gives them: each row of
`criteria.CRITERIA` on a small export written the way LEI writes them (the real samples
exercise photos, opening text and unnamed criteria; these the other targets)."""

from pathlib import Path

import pytest

from opensit.catalog.document import lenient
from opensit.connectors.base import RecordReport, SourceItem
from opensit.connectors.lei import reader
from opensit.connectors.lei.mapping import map_record

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<LEI><Resultat>
<sit_liste>
  <PRODUIT>42</PRODUIT><NOM><![CDATA[Hôtel du Parc]]></NOM><TYPE_NOM>Hôtellerie</TYPE_NOM>
  <CRITERES>
    <Crit CLEF_CRITERE="10" CLEF_MODA="101"></Crit>
    <Crit CLEF_CRITERE="11" CLEF_MODA="111"></Crit>
    <Crit CLEF_CRITERE="11" CLEF_MODA="112"></Crit>
    <Crit CLEF_CRITERE="12" CLEF_MODA="121"><![CDATA[55,50]]></Crit>
    <Crit CLEF_CRITERE="12" CLEF_MODA="122"><![CDATA[sur demande]]></Crit>
    <Crit CLEF_CRITERE="13" CLEF_MODA="131"><![CDATA[https://facebook.com/hotelduparc]]></Crit>
    <Crit CLEF_CRITERE="14" CLEF_MODA="141"><![CDATA[24]]></Crit>
    <Crit CLEF_CRITERE="15" CLEF_MODA="151"></Crit>
    <Crit CLEF_CRITERE="16" CLEF_MODA="161"></Crit>
    <Crit CLEF_CRITERE="17" CLEF_MODA="171"></Crit>
    <Crit CLEF_CRITERE="18" CLEF_MODA="181"></Crit>
    <Crit CLEF_CRITERE="19" CLEF_MODA="191"></Crit>
  </CRITERES>
</sit_liste>
</Resultat>
<NOMENCLATURE>
  <CRIT CLEF="10"><NOMCRIT>Classement préfectoral</NOMCRIT>
    <MODAL CLEF="101">3 étoiles</MODAL></CRIT>
  <CRIT CLEF="11"><NOMCRIT>Langues parlées</NOMCRIT>
    <MODAL CLEF="111">Anglais</MODAL><MODAL CLEF="112">Allemand</MODAL></CRIT>
  <CRIT CLEF="12"><NOMCRIT>Tarifs</NOMCRIT>
    <MODAL CLEF="121">Chambre double haute saison</MODAL><MODAL CLEF="122">Groupes</MODAL></CRIT>
  <CRIT CLEF="13"><NOMCRIT>Réseaux sociaux</NOMCRIT><MODAL CLEF="131">Compte Facebook</MODAL></CRIT>
  <CRIT CLEF="14"><NOMCRIT>Capacité</NOMCRIT><MODAL CLEF="141">Nombre de chambres</MODAL></CRIT>
  <CRIT CLEF="15"><NOMCRIT>Wifi</NOMCRIT><MODAL CLEF="151">Gratuit</MODAL></CRIT>
  <CRIT CLEF="16"><NOMCRIT>Label</NOMCRIT><MODAL CLEF="161">Qualité Tourisme</MODAL></CRIT>
  <CRIT CLEF="17"><NOMCRIT>Modes de paiement</NOMCRIT><MODAL CLEF="171">Visa</MODAL></CRIT>
  <CRIT CLEF="18"><NOMCRIT>Tourisme et handicap</NOMCRIT><MODAL CLEF="181">Moteur</MODAL></CRIT>
  <CRIT CLEF="19"><NOMCRIT>Accès Wifi</NOMCRIT><MODAL CLEF="191">Non</MODAL></CRIT>
</NOMENCLATURE>
</LEI>
"""


@pytest.fixture
def mapped(tmp_path: Path):
    path = tmp_path / "export.xml"
    path.write_text(EXPORT, encoding="utf-8")
    (item,) = list(reader.read(path))
    assert isinstance(item, SourceItem)
    report = RecordReport(item.source_id)
    with lenient(report.warn):
        document, entries = map_record(item.payload, report)
    return document, entries, report


def test_named_criteria_reach_their_fields(mapped):
    document, entries, report = mapped
    assert document.type == "hotel"
    assert document.classifications == ["lei:101"]
    assert document.languages == ["en", "de"]
    double, groups = document.pricing.prices
    assert (double.label, double.min, double.season) == (
        {"fr": "Chambre double haute saison"}, 55.5, {"fr": "haute saison"},
    )  # fmt: skip
    assert groups.audiences == ["groups"] and groups.conditions == {"fr": "sur demande"}
    assert [(c.kind, c.value) for c in document.contacts] == [
        ("facebook", "https://facebook.com/hotelduparc")
    ]
    assert document.capacity.rooms == 24
    assert document.amenities == ["lei:151"]
    assert document.labels == ["lei:161"]
    assert document.pricing.payment_methods == ["lei:171"]
    assert document.accessibility == ["lei:181"]
    labels = {entry.code: entry.labels["fr"] for entry in entries}
    assert labels["lei:151"] == "Wifi : Gratuit"
    assert labels["lei:101"] == "3 étoiles"
    # a "Non" adds no code; it is kept with its names
    assert "lei:191" not in labels
    assert {"critere": "19", "modalite": "191", "nom": "Accès Wifi", "libelle": "Non"} in (
        document.extra["lei"]["criteres"]
    )
    assert report.unknown_keys == []


def test_a_single_product_file_is_read(tmp_path):
    path = tmp_path / "one.xml"
    path.write_bytes(b"<sit_liste><PRODUIT>9</PRODUIT><NOM>Seul</NOM></sit_liste>")
    (item,) = list(reader.read(path))
    assert item.source_id == "9"
