"""An itinerary's figures and elevation profile, from its line geometry (GeoJSON LineString or
MultiLineString, coordinates [lon, lat, elevation?]): length, elevation gain and loss, and the
profile drawn as an SVG polyline on the server (no script, readable as a table too).

The figures are those of the trace as given: no smoothing, so a noisy GPS elevation counts
every bump (the producer's published figures, when it gives some, are in its texts)."""

from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt
from typing import Any

from opensit.formats.gpx import lines_of

EARTH_RADIUS_KM = 6371.0088
#: The profile's drawing box (SVG user units); the page scales it to its width.
PROFILE_WIDTH = 600
PROFILE_HEIGHT = 180
PROFILE_MARGIN = 4
#: Points drawn at most: a long trace is sampled down (the figures use every point).
PROFILE_POINTS = 400


def haversine_km(a: list[float], b: list[float]) -> float:
    """Great-circle distance between two [lon, lat, ...] positions."""
    lon1, lat1, lon2, lat2 = map(radians, (a[0], a[1], b[0], b[1]))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


@dataclass
class Trail:
    length_km: float
    gain_m: float | None  # None: the trace has no elevations
    loss_m: float | None
    min_elevation_m: float | None
    max_elevation_m: float | None
    profile: list[tuple[float, float]]  # (km from the start, elevation m)
    geometry: dict[str, Any]

    @property
    def has_profile(self) -> bool:
        return len(self.profile) >= 2

    @property
    def polyline(self) -> str:
        """The profile as SVG `points`, in the drawing box (elevation grows upwards)."""
        if not self.has_profile:
            return ""
        low = self.min_elevation_m or 0.0
        span = (self.max_elevation_m or 0.0) - low or 1.0
        length = self.length_km or 1.0
        inner_w = PROFILE_WIDTH - 2 * PROFILE_MARGIN
        inner_h = PROFILE_HEIGHT - 2 * PROFILE_MARGIN
        return " ".join(
            f"{PROFILE_MARGIN + km / length * inner_w:.1f},"
            f"{PROFILE_HEIGHT - PROFILE_MARGIN - (ele - low) / span * inner_h:.1f}"
            for km, ele in _sampled(self.profile)
        )

    @property
    def area(self) -> str:
        """The polyline closed along the bottom edge: the filled shape under the profile."""
        if not self.has_profile:
            return ""
        bottom = PROFILE_HEIGHT - PROFILE_MARGIN
        right = PROFILE_WIDTH - PROFILE_MARGIN
        return f"{PROFILE_MARGIN},{bottom} {self.polyline} {right},{bottom}"

    @property
    def box(self) -> str:
        return f"0 0 {PROFILE_WIDTH} {PROFILE_HEIGHT}"


def _sampled(profile: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(profile) <= PROFILE_POINTS:
        return profile
    step = (len(profile) - 1) / (PROFILE_POINTS - 1)
    return [profile[round(i * step)] for i in range(PROFILE_POINTS)]


def _valid(position: Any) -> bool:
    return (
        isinstance(position, list | tuple)
        and len(position) >= 2
        and all(isinstance(v, int | float) for v in position[:3])
    )


def trail_of(geometry: dict[str, Any] | None) -> Trail | None:
    """The trail of a line geometry, or None (no geometry, a point, a polygon, one point)."""
    lines = [[p for p in line if _valid(p)] for line in lines_of(geometry)]
    lines = [line for line in lines if len(line) >= 2]
    if not lines:
        return None
    length = 0.0
    gain = loss = 0.0
    profile: list[tuple[float, float]] = []
    elevations: list[float] = []
    for line in lines:
        for index, position in enumerate(line):
            if index:
                previous = line[index - 1]
                length += haversine_km(previous, position)
                if len(previous) > 2 and len(position) > 2:
                    delta = float(position[2]) - float(previous[2])
                    gain += max(delta, 0.0)
                    loss += max(-delta, 0.0)
            if len(position) > 2:
                elevations.append(float(position[2]))
                profile.append((length, float(position[2])))
    has_elevation = len(elevations) >= 2
    return Trail(
        length_km=length,
        gain_m=gain if has_elevation else None,
        loss_m=loss if has_elevation else None,
        min_elevation_m=min(elevations) if has_elevation else None,
        max_elevation_m=max(elevations) if has_elevation else None,
        profile=profile if has_elevation else [],
        geometry=geometry or {},
    )
