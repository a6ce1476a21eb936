"""US places from the offline `zipcodes` data package: ZIP and "City, ST" to coordinates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes
from haversine import Unit, haversine

from careercenter.vocabulary import US_STATES

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


# City centers, counted one state at a time from the ZIP data (a few hundred to a few
# thousand ZIP codes each) the first time a city of that state is asked for, and kept as
# {CITY: (lat, lng)}: about 5 MB once every state has been asked, where an index built from
# the whole list (`zipcodes.list_all()`, 42,000 dicts kept by the package) took 115 MB in
# every worker. The ZIP data itself (about 37 MB, outside Python's heap) is loaded by the
# first lookup, or by `warm()` before gunicorn forks its workers, which then share it.
_city_centers: dict[str, dict[str, tuple[float, float]]] = {}
_city_sizes: dict[str, dict[str, int]] = {}  # {state: {CITY: its ZIP codes}}


def _centers_of_state(state: str) -> dict[str, tuple[float, float]]:
    centers = _city_centers.get(state)
    if centers is None:
        points: dict[str, list[tuple[float, float]]] = {}
        for entry in zipcodes.filter_by(state=state):
            if entry.get("lat") and entry.get("long"):
                points.setdefault(entry["city"].upper(), []).append(
                    (float(entry["lat"]), float(entry["long"]))
                )
        centers = {
            city: (sum(p[0] for p in found) / len(found), sum(p[1] for p in found) / len(found))
            for city, found in points.items()
        }
        _city_sizes[state] = {city: len(found) for city, found in points.items()}
        _city_centers[state] = centers  # dict assignments: safe between threads
    return centers


def place_for_city(city: str, state: str) -> Place | None:
    """The center of a city's ZIP codes."""
    city, state = " ".join(city.split()), state.strip().upper()
    if len(state) != 2 or not state.isalpha():
        return None
    center = _centers_of_state(state).get(city.upper())
    if center is None:
        return None
    return Place(label=f"{city.title()}, {state}", city=city.title(), state=state,
                 latitude=center[0], longitude=center[1])  # fmt: skip


@lru_cache(maxsize=1)
def city_words() -> frozenset[str]:
    """Every word of a US city's name, lower case ("houston", "san", "antonio"): a search
    word that is one is a place, never a typo (about 15,000 words; the first call counts
    every state's city centers, a few seconds, unless `warm()` did)."""
    return frozenset(
        word.lower()
        for state in US_STATES
        for city in _centers_of_state(state)
        for word in city.split()
    )


def city_named(name: str) -> Place | None:
    """The US city of that name with the most ZIP codes: "houston" is Houston, TX (there
    are Houstons in seven other states), "el paso" El Paso, TX."""
    name = " ".join(name.split()).upper()
    found = [
        (_city_sizes[state][name], state)
        for state in US_STATES
        if name in _centers_of_state(state) and name in _city_sizes.get(state, {})
    ]
    return place_for_city(name, max(found)[1]) if found else None


def warm() -> None:
    """Load the ZIP data and every state's city centers now: a server calls this before it
    forks its workers (gunicorn.conf.py), so that they share one copy and no search waits."""
    place_for_zip("10001")
    city_words()


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
