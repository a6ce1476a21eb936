"""US places from the offline `zipcodes` data package: ZIP and "City, ST" to coordinates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes
from haversine import Unit, haversine

EARTH_RADIUS_MILES = 3958.8
_ZIP_RE = re.compile(r"^\d{5}$")
_CITY_STATE_RE = re.compile(r"^\s*(?P<city>[^,]{2,80}?)\s*,\s*(?P<state>[A-Za-z]{2})\s*$")


@dataclass(frozen=True)
class Place:
    label: str
    city: str
    state: str
    latitude: float
    longitude: float
    zip_code: str | None = None


@lru_cache(maxsize=4096)
def place_for_zip(zip_code: str) -> Place | None:
    zip_code = (zip_code or "").strip()
    if not _ZIP_RE.match(zip_code):
        return None
    try:
        matches = zipcodes.matching(zip_code)
    except (ValueError, TypeError):
        return None
    for match in matches:
        if match.get("lat") and match.get("long"):
            return Place(
                label=f"{match['city'].title()}, {match['state']} {zip_code}",
                city=match["city"].title(),
                state=match["state"],
                latitude=float(match["lat"]),
                longitude=float(match["long"]),
                zip_code=zip_code,
            )
    return None


@lru_cache(maxsize=1)
def _cities() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Every (CITY, ST) of the data package with its ZIP codes' coordinates."""
    index: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for entry in zipcodes.list_all():
        if entry.get("lat") and entry.get("long"):
            key = (entry["city"].upper(), entry["state"])
            index.setdefault(key, []).append((float(entry["lat"]), float(entry["long"])))
    return index


def place_for_city(city: str, state: str) -> Place | None:
    """The center of a city's ZIP codes."""
    city, state = " ".join(city.split()), state.strip().upper()
    points = _cities().get((city.upper(), state))
    if not points:
        return None
    lat = sum(p[0] for p in points) / len(points)
    lng = sum(p[1] for p in points) / len(points)
    return Place(label=f"{city.title()}, {state}", city=city.title(), state=state,
                 latitude=lat, longitude=lng)  # fmt: skip


def resolve_location(text: str) -> Place | None:
    """A ZIP code or "City, ST", as typed in a search box."""
    text = (text or "").strip()
    if _ZIP_RE.match(text):
        return place_for_zip(text)
    match = _CITY_STATE_RE.match(text)
    if match:
        return place_for_city(match["city"], match["state"])
    return None


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine(a, b, unit=Unit.MILES)


def bounding_box(lat: float, lng: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box that holds the circle of `miles`.

    A cheap, index-friendly first filter before the exact distance."""
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlng = math.degrees(miles / (EARTH_RADIUS_MILES * cos_lat))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
