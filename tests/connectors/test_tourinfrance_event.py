"""A TourinFrance v3 event (the real sample holds accommodations only): type from its
category, its dates with days and hours, in the namespaced form the feeds use."""

from pathlib import Path

import pytest

from opensit.catalog.document import lenient
from opensit.catalog.models import TourismObject, VocabularyEntry
from opensit.connectors.base import RecordReport, SourceItem
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportRun
from opensit.connectors.tourinfrance import TourinFranceConnector, read
from opensit.connectors.tourinfrance.mapping import map_record

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<listeOI xmlns="http://www.caravelis.com/webservice/data"><OIs COUNT="1">
<tif:OI xmlns:tif="http://www.tourinfrance.net/Tourinfrance3/"
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:dcterms="http://purl.org/dc/terms/">
  <tif:DublinCore>
    <dc:title xml:lang="FR">Festival des Bastides</dc:title>
    <dc:identifier>FMAMIP012V50ABCD</dc:identifier>
    <tif:Classification code="02.01.05">Fêtes et manifestations</tif:Classification>
    <tif:ControlledVocabulary code="02.01.05.01.03">Festival</tif:ControlledVocabulary>
    <dcterms:modified>2024-06-02</dcterms:modified>
  </tif:DublinCore>
  <tif:Periodes>
    <tif:DetailPeriode type="09.01.01" libelle="Dates de la manifestation">
      <tif:Dates><tif:DetailDates>
        <tif:DateDebut>2024-08-05</tif:DateDebut><tif:DateFin>2024-08-10</tif:DateFin>
        <tif:Jours><tif:DetailJours><tif:Jour>Lundi</tif:Jour><tif:Jour>Samedi</tif:Jour>
        </tif:DetailJours></tif:Jours>
        <tif:Horaires><tif:Horaire><tif:HoraireDebut>21:00</tif:HoraireDebut>
        <tif:HoraireFin>23:30</tif:HoraireFin></tif:Horaire></tif:Horaires>
      </tif:DetailDates></tif:Dates>
    </tif:DetailPeriode>
    <tif:DetailPeriode type="09.01.07" libelle="Fermeture">
      <tif:Dates><tif:DetailDates><tif:DateDebut>2024-08-07</tif:DateDebut>
      <tif:DateFin>2024-08-07</tif:DateFin></tif:DetailDates></tif:Dates>
    </tif:DetailPeriode>
  </tif:Periodes>
  <tif:Nouveau><tif:Champ>?</tif:Champ></tif:Nouveau>
</tif:OI></OIs></listeOI>
"""


def test_an_event_with_days_and_hours(tmp_path: Path):
    path = tmp_path / "events.xml"
    path.write_text(FEED, encoding="utf-8")
    (item,) = list(read(path))
    assert isinstance(item, SourceItem) and item.source_id == "FMAMIP012V50ABCD"
    report = RecordReport(item.source_id)
    with lenient(report.warn):
        document, _entries = map_record(item.payload, report)
    assert document.type == "festival"
    (occurrence,) = document.event.occurrences  # the closure is no occurrence
    assert (str(occurrence.start_date), str(occurrence.end_date)) == ("2024-08-05", "2024-08-10")
    assert (str(occurrence.start_time), str(occurrence.end_time)) == ("21:00:00", "23:30:00")
    opening, closure = document.opening.periods
    assert opening.weekdays == ["mon", "sat"] and not opening.closed
    assert closure.closed and str(closure.start) == "2024-08-07"
    assert document.source.updated_at.date().isoformat() == "2024-06-02"
    # an element the mapping does not know: reported by path and kept
    assert report.unknown_keys == ["OI/Nouveau"]
    assert document.extra["tourinfrance"]["unmapped"] == {"Nouveau": [{"Champ": "?"}]}


@pytest.mark.django_db
def test_a_long_source_code_does_not_break_the_run(tmp_path: Path):
    """A service type longer than the catalog's code columns: its code is cut and hashed, the
    run ends well (on PostgreSQL too)."""
    long_type = "15.05." + "9" * 150
    services = (
        '<tif:OffresPrestations><tif:DetailOffrePrestation type="15.05" libelle="Equipements">'
        f'<tif:DetailPrestation><tif:Prestation type="{long_type}">Sauna</tif:Prestation>'
        '</tif:DetailPrestation><tif:DetailPrestation><tif:Prestation type="15.05.02">Abri'
        "</tif:Prestation></tif:DetailPrestation></tif:DetailOffrePrestation>"
        "</tif:OffresPrestations>"
    )
    path = tmp_path / "events.xml"
    path.write_text(FEED.replace("<tif:Nouveau>", services + "<tif:Nouveau>"), encoding="utf-8")
    run = ImportEngine(TourinFranceConnector()).run(path)
    assert run.status == ImportRun.Status.SUCCESS
    assert VocabularyEntry.objects.filter(code="tif:15.05.02").exists()
    (entry,) = VocabularyEntry.objects.filter(code__startswith="tif:15.05.999")
    assert len(entry.code) == 100 and entry.labels == {"fr": "Sauna"}
    document = TourismObject.objects.get(source_id="FMAMIP012V50ABCD").document
    assert entry.code in document["amenities"]
