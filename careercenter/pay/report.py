"""The pay page's figures for a set of filters (also the API's /api/v1/pay).

Read from the jobs the current statistics count (`pay_points`) and remembered per process
by the statistics' generation and the filters, so the page costs the same however often it
is asked. Each breakdown (by credential, specialty, setting, state, month) keeps the other
filters and varies its own dimension, so the chosen value is seen beside the others.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from careercenter import vocabulary
from careercenter.pay import stats
from careercenter.pay.stats import ANNUAL, CHART, Figures, Point
from careercenter.payunits import HOURS_PER_YEAR

FILTERS = {
    "credential": vocabulary.CREDENTIALS,
    "state": vocabulary.US_STATES,
    "specialty": vocabulary.SPECIALTIES,
    "setting": vocabulary.SETTINGS,
    "arrangement": vocabulary.ARRANGEMENTS,
}
ATTRIBUTES = {"credential": "credentials", "specialty": "specialties", "setting": "settings"}


@dataclass(frozen=True)
class PayFilters:
    credential: str | None = None
    state: str | None = None
    specialty: str | None = None
    setting: str | None = None
    arrangement: str | None = None

    def as_args(self, **changes) -> dict[str, str]:
        values = {name: getattr(self, name) for name in FILTERS} | changes
        return {name: value for name, value in values.items() if value}

    def label(self, name: str) -> str:
        value = getattr(self, name)
        return vocabulary.label(FILTERS[name], value) if value else ""

    @property
    def active(self) -> list[tuple[str, str]]:
        return [(name, self.label(name)) for name in FILTERS if getattr(self, name)]


def parse_filters(args) -> tuple[PayFilters, dict[str, str]]:
    """Filters from a query string; unknown values are reported, not guessed."""
    values, errors = {}, {}
    for name, choices in FILTERS.items():
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        value = raw.upper() if name == "state" else raw.lower()
        if value in choices:
            values[name] = value
        else:
            errors[name] = f"Unknown {name}: choose one from the list."
    return PayFilters(**values), errors


@dataclass(frozen=True)
class Row:
    """One bar of a breakdown: a value of its dimension and its figures."""

    slug: str
    label: str
    figures: Figures


@dataclass
class Breakdown:
    dimension: str
    rows: list[Row] = field(default_factory=list)
    too_few: int = 0  # values left out for having fewer than the minimum of jobs


@dataclass
class PayReport:
    filters: PayFilters
    min_jobs: int
    period_from: date
    period_to: date
    place: str | None  # the place the figures are for (None: the US)
    widened_from: str | None
    matching: int  # yearly and hourly jobs matching the filters, before any widening
    annual: Figures | None
    annual_count: int
    values: list[float]
    chart: Figures | None
    chart_count: int
    breakdowns: dict[str, Breakdown]
    months: list[tuple[str, Figures | None, int]]

    @property
    def period(self) -> str:
        return stats.period_text(self.period_from, self.period_to)

    @property
    def place_words(self) -> str:
        return stats.place_words(self.place)

    @property
    def widening_note(self) -> str:
        if not self.widened_from:
            return ""
        return (
            f"Only {self.matching} matching job{'s' if self.matching != 1 else ''} in "
            f"{stats.place_words(self.widened_from)} (fewer than {self.min_jobs}), so these "
            f"figures are for {self.place_words}."
        )


def _matches(point: Point, filters: PayFilters, skip: str | None = None) -> bool:
    if skip != "credential" and filters.credential and filters.credential not in point.credentials:
        return False
    if skip != "specialty" and filters.specialty and filters.specialty not in point.specialties:
        return False
    if skip != "setting" and filters.setting and filters.setting not in point.settings:
        return False
    return not (skip != "arrangement" and filters.arrangement not in (None, point.arrangement))


def _in_place(point: Point, place: str | None) -> bool:
    if place is None:
        return True
    if place == "remote":
        return point.remote
    kind, _, value = place.partition(":")
    if point.remote:
        return False
    return point.state == value if kind == "state" else stats.region_of(point.state) == value


def _breakdown(dimension: str, groups: dict[str, list[Point]], needed: int) -> Breakdown:
    result = Breakdown(dimension)
    for slug, members in groups.items():
        if len(members) < needed:
            result.too_few += 1
            continue
        label = (
            "Remote"
            if dimension == "state" and slug == "remote"
            else vocabulary.label(FILTERS[dimension], slug)
        )
        result.rows.append(Row(slug, label, Figures.of(members)))
    result.rows.sort(key=lambda row: -row.figures.p50)
    return result


def build(
    filters: PayFilters, points: list[Point], needed: int, period: tuple[date, date]
) -> PayReport:
    annual_points = [p for p in points if p.kind == ANNUAL]
    chosen = [p for p in annual_points if _matches(p, filters)]
    places = stats.places_for(filters.state, remote=False) if filters.state else [None]
    place = places[-1]
    for candidate in places:
        if sum(1 for p in chosen if _in_place(p, candidate)) >= needed:
            place = candidate
            break
    matching = sum(1 for p in chosen if _in_place(p, places[0]))
    here = [p for p in chosen if _in_place(p, place)]
    chart_here = [
        p for p in points if p.kind == CHART and _matches(p, filters) and _in_place(p, place)
    ]

    breakdowns = {}
    for dimension in ("credential", "specialty", "setting"):
        groups: dict[str, list[Point]] = defaultdict(list)
        for p in annual_points:
            if _matches(p, filters, skip=dimension) and _in_place(p, place):
                for slug in getattr(p, ATTRIBUTES[dimension]):
                    groups[slug].append(p)
        breakdowns[dimension] = _breakdown(dimension, groups, needed)
    by_state: dict[str, list[Point]] = defaultdict(list)
    for p in chosen:
        by_state["remote" if p.remote else p.state].append(p)
    breakdowns["state"] = _breakdown("state", by_state, needed)

    by_month: dict[str, list[Point]] = defaultdict(list)
    for p in here:
        by_month[p.month].append(p)
    month_names = sorted({p.month for p in annual_points})
    months = [
        (m, Figures.of(by_month[m]) if len(by_month[m]) >= needed else None, len(by_month[m]))
        for m in month_names
    ]
    return PayReport(
        filters=filters,
        min_jobs=needed,
        period_from=period[0],
        period_to=period[1],
        place=place,
        widened_from=places[0] if place != places[0] else None,
        matching=matching,
        annual=Figures.of(here) if len(here) >= needed else None,
        annual_count=len(here),
        values=sorted(p.mid for p in here),
        chart=Figures.of(chart_here) if len(chart_here) >= needed else None,
        chart_count=len(chart_here),
        breakdowns=breakdowns,
        months=months,
    )


def current(filters: PayFilters) -> PayReport:
    """The report for these filters from the current figures (remembered per generation)."""
    needed = stats.min_jobs()
    return stats.remembered(
        ("report", needed, filters),
        lambda: build(filters, stats.counted_points(), needed, stats.period()),
    )


# -- as JSON (/api/v1/pay) ----------------------------------------------------------------------

_QUANTILE_NAMES = ("p10", "p25", "p50", "p75", "p90")


def _figures_json(figures: Figures | None) -> dict | None:
    if figures is None:
        return None
    values = (figures.p10, figures.p25, figures.p50, figures.p75, figures.p90)
    per = dict(zip(_QUANTILE_NAMES, values, strict=True))
    result = {
        "count": figures.count,
        "first_published": figures.first_published.isoformat(),
        "last_published": figures.last_published.isoformat(),
    }
    if figures.kind == CHART:
        return {**result, "per_chart": per}
    return {
        **result,
        "hourly_count": figures.hourly_count,
        "per_year": {name: round(value) for name, value in per.items()},
        "per_hour": {name: round(value / HOURS_PER_YEAR, 2) for name, value in per.items()},
    }


def as_json(found: PayReport) -> dict:
    return {
        "filters": {name: getattr(found.filters, name) for name in FILTERS},
        "min_jobs": found.min_jobs,
        "period": {"from": found.period_from.isoformat(), "to": found.period_to.isoformat()},
        "hours_per_year": HOURS_PER_YEAR,
        "place": {
            "used": found.place,
            "label": found.place_words,
            "widened": found.widened_from is not None,
            "note": found.widening_note,
        },
        "matching": found.annual_count,
        "annual": _figures_json(found.annual),
        "chart_matching": found.chart_count,
        "per_chart": _figures_json(found.chart),
        **{
            f"by_{name}": [
                {"value": row.slug, "label": row.label, **_figures_json(row.figures)}
                for row in breakdown.rows
            ]
            for name, breakdown in found.breakdowns.items()
        },
        "by_month": [
            {"month": month, "count": count, "median_per_year": round(f.p50) if f else None}
            for month, f, count in found.months
        ],
    }
