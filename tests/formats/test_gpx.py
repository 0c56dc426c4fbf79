"""GPX: itineraries as tracks, parsed back with gpxpy; the real Geotrek trace round-trips."""

import io

import gpxpy
import pytest

from opensit.formats.export import write_export


@pytest.mark.django_db
def test_itineraries_become_tracks(catalog):
    out = io.BytesIO()
    write_export("gpx", out, lang="en")
    gpx = gpxpy.parse(out.getvalue().decode())
    assert [t.name for t in gpx.tracks] == ["Builders' trail"]  # hotel and festival skipped
    track = gpx.tracks[0]
    points = track.segments[0].points
    assert [(p.latitude, p.longitude, p.elevation) for p in points] == [
        (47.1281, 0.9951, 80.0),
        (47.1302, 0.999, 95.5),
        (47.1277, 1.0031, None),
    ]
    assert track.link == "https://trace.exemple.fr/batisseurs.gpx?v=2&lang=fr"
    assert track.type == "walking_tour"


@pytest.mark.django_db
def test_real_trace_round_trip(shared_data, publish):
    original = gpxpy.parse((shared_data / "traces" / "trek.gpx").read_text())
    coordinates = [[p.longitude, p.latitude] for p in original.tracks[0].segments[0].points]
    publish(
        {
            "type": "walking_tour",
            "name": {"fr": "Boucle du lac"},
            "location": {"geometry": {"type": "LineString", "coordinates": coordinates}},
        }
    )
    out = io.BytesIO()
    write_export("gpx", out)
    back = gpxpy.parse(out.getvalue().decode()).tracks[0].segments[0].points
    assert len(back) == 13
    assert (back[0].latitude, back[0].longitude) == (45.969096946431875, 6.588397281348481)
    assert back[-1].latitude == original.tracks[0].segments[0].points[-1].latitude
