"""What a coder asked for: a JobQuery (read from a query string by search/reading.py), and
back into URLs. Plain values: no form, no request."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from careercenter import geo, vocabulary
from careercenter.formatting import money
from careercenter.payunits import dollars_a_year
from careercenter.search.limits import DEFAULT_RADIUS

# An amount below this is a rate per hour (nobody is paid $900 a year).
HOURLY_BELOW = Decimal(1000)


@dataclass(frozen=True)
class ActiveFilter:
    param: str
    label: str


@dataclass(frozen=True)
class JobQuery:
    q: str = ""
    location: str = ""  # as typed, when it was understood
    place: geo.Place | None = None  # a ZIP code or city: search within `radius` of it
    state: str | None = None  # a whole state, e.g. "TX"
    radius: int = DEFAULT_RADIUS
    arrangement: str | None = None
    employment_type: str | None = None  # the `type` parameter
    credential: str | None = None
    specialty: str | None = None
    setting: str | None = None
    pay_min: Decimal | None = None  # as typed: per year, or per hour under $1,000
    posted_within: int | None = None  # days
    apprentice: bool = False
    sort: str = "relevance"
    page: int = 1
    literal: bool = False  # search the words as typed: no typo correction

    # -- reading ---------------------------------------------------------------------------

    @property
    def pay_min_is_hourly(self) -> bool:
        return self.pay_min is not None and self.pay_min < HOURLY_BELOW

    @property
    def pay_min_annual(self) -> float | None:
        """The minimum as dollars a year: what the index compares with each job's top pay."""
        if self.pay_min is None:
            return None
        return dollars_a_year(self.pay_min, "hour" if self.pay_min_is_hourly else "year")

    @property
    def has_filters(self) -> bool:
        return bool(self.active_filters())

    def active_filters(self) -> list[ActiveFilter]:
        """The filters in use, each with the parameter that a 'remove' link drops."""
        found = []
        if self.q:
            found.append(ActiveFilter("q", f"\u201c{self.q}\u201d"))
        if self.place:
            found.append(
                ActiveFilter("location", f"Within {self.radius} miles of {self.place.label}")
            )
        elif self.state:
            found.append(ActiveFilter("location", f"In {vocabulary.US_STATES[self.state]}"))
        for param, vocab, value in (
            ("arrangement", vocabulary.ARRANGEMENTS, self.arrangement),
            ("type", vocabulary.EMPLOYMENT_TYPES, self.employment_type),
            ("credential", vocabulary.CREDENTIALS, self.credential),
            ("specialty", vocabulary.SPECIALTIES, self.specialty),
            ("setting", vocabulary.SETTINGS, self.setting),
        ):
            if value:
                found.append(ActiveFilter(param, vocabulary.label(vocab, value)))
        if self.pay_min is not None:
            if self.pay_min_is_hourly:
                label = (
                    f"Pay from {money(self.pay_min)} an hour "
                    f"({money(Decimal(round(self.pay_min_annual)))} a year)"
                )
            else:
                label = f"Pay from {money(self.pay_min)} a year"
            found.append(ActiveFilter("pay_min", label))
        if self.posted_within:
            found.append(
                ActiveFilter(
                    "posted_within",
                    "Posted in the last 24 hours"
                    if self.posted_within == 1
                    else f"Posted in the last {self.posted_within} days",
                )
            )
        if self.apprentice:
            found.append(ActiveFilter("apprentice", "Apprentice-friendly"))
        return found

    # -- writing URLs ----------------------------------------------------------------------

    def to_args(self, **changes) -> dict[str, str]:
        """The URL parameters of this query (defaults left out), with `changes` applied."""
        query = replace(self, **changes) if changes else self
        args = {
            "q": query.q,
            "location": query.location if (query.place or query.state) else "",
            "radius": str(query.radius) if query.place and query.radius != DEFAULT_RADIUS else "",
            "arrangement": query.arrangement or "",
            "type": query.employment_type or "",
            "credential": query.credential or "",
            "specialty": query.specialty or "",
            "setting": query.setting or "",
            "pay_min": _plain_number(query.pay_min) if query.pay_min is not None else "",
            "posted_within": str(query.posted_within) if query.posted_within else "",
            "apprentice": "1" if query.apprentice else "",
            "sort": query.sort if query.sort != "relevance" else "",
            "page": str(query.page) if query.page > 1 else "",
            "literal": "1" if query.literal and query.q else "",
        }
        return {name: value for name, value in args.items() if value}

    def without(self, param: str) -> dict[str, str]:
        """The URL parameters with one filter removed (and back to the first page)."""
        cleared = {
            "q": {"q": "", "literal": False},
            "location": {"location": "", "place": None, "state": None, "radius": DEFAULT_RADIUS},
            "arrangement": {"arrangement": None},
            "type": {"employment_type": None},
            "credential": {"credential": None},
            "specialty": {"specialty": None},
            "setting": {"setting": None},
            "pay_min": {"pay_min": None},
            "posted_within": {"posted_within": None},
            "apprentice": {"apprentice": False},
        }[param]
        return self.to_args(page=1, **cleared)

    def form_data(self) -> dict:
        return {
            "q": self.q,
            "location": self.location,
            "radius": self.radius,
            "arrangement": self.arrangement or "",
            "type": self.employment_type or "",
            "credential": self.credential or "",
            "specialty": self.specialty or "",
            "setting": self.setting or "",
            "pay_min": self.pay_min,
            "posted_within": self.posted_within,
            "apprentice": self.apprentice,
            "sort": self.sort,
        }


def _plain_number(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
