"""Places, dates and pay as index tokens, so that those filters are index lookups too.

Each token only narrows the candidates cheaply; the exact test (distance, date, pay) is
then made on the few rows the index returns.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from careercenter import geo

# -- places: a grid at three sizes; a search covers its bounding box with the finest grid
# that needs at most MAX_CELLS cells.
CELL_SIZES = (0.25, 1.0, 4.0)  # degrees
MAX_CELLS = 30

# The great-circle radius the rest of the site uses (geo.distance_miles), so that a job
# the card says is 25.0 miles away is inside a 25-mile search.
EARTH_RADIUS_MILES = geo.distance_miles((0.0, 0.0), (0.0, 1.0)) * 180 / math.pi


def _cell(level: int, lat: float, lng: float) -> str:
    size = CELL_SIZES[level]
    return f"zzg{level}n{math.floor((lat + 90) / size)}e{math.floor((lng + 180) / size)}"


def point_cells(lat: float, lng: float) -> list[str]:
    return [_cell(level, lat, lng) for level in range(len(CELL_SIZES))]


def circle_cells(lat: float, lng: float, miles: float) -> list[str]:
    """Cells that together cover every point within `miles` of (lat, lng)."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, miles)
    min_lat, max_lat = max(min_lat, -90.0), min(max_lat, 89.999)
    for level, size in enumerate(CELL_SIZES):
        rows = range(math.floor((min_lat + 90) / size), math.floor((max_lat + 90) / size) + 1)
        cols = range(math.floor((min_lng + 180) / size), math.floor((max_lng + 180) / size) + 1)
        if len(rows) * len(cols) <= MAX_CELLS or level == len(CELL_SIZES) - 1:
            return [f"zzg{level}n{r}e{c}" for r in rows for c in cols]
    raise AssertionError("unreachable")


def unit_vector(lat: float, lng: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lng)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def min_dot_product(miles: float) -> float:
    """Two points are within `miles` when their unit vectors' dot product is at least this."""
    return math.cos(min(miles / EARTH_RADIUS_MILES, math.pi))


# -- publication day -------------------------------------------------------------------------
# Windows up to this many days are index lookups; longer ones cover most open postings
# (they last at most 90 days), so an exact date test on the rows is as cheap.
MAX_DAY_TOKENS = 31
_EPOCH = datetime(1970, 1, 1).date()


def _day_number(moment: datetime) -> int:
    return (moment.date() - _EPOCH).days


def day_tag(published_at: datetime) -> str:
    return f"zzd{_day_number(published_at)}"


def days_tags(since: datetime, now: datetime) -> list[str] | None:
    """The day tokens of [since, now], or None when the window is too long to be worth it."""
    first, last = _day_number(since), _day_number(now)
    if last - first + 1 > MAX_DAY_TOKENS:
        return None
    return [f"zzd{day}" for day in range(first, last + 1)]


def days_ago(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


# -- pay: cumulative thresholds every $10,000 a year ---------------------------------------------
PAY_STEP = 10_000
MAX_PAY_STEPS = 40


def pay_tags(annual: float) -> list[str]:
    """A job paying up to $72,000 a year has zzpay1 ... zzpay7: "at least $10k ... $70k"."""
    steps = min(int(annual // PAY_STEP), MAX_PAY_STEPS)
    return [f"zzpay{k}" for k in range(1, steps + 1)]


def pay_floor_tag(annual_minimum: float) -> str | None:
    steps = min(int(annual_minimum // PAY_STEP), MAX_PAY_STEPS)
    return f"zzpay{steps}" if steps >= 1 else None
