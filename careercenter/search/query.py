"""What a coder asked for: /jobs parameters read into a JobQuery, and back into URLs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from werkzeug.datastructures import MultiDict

from careercenter import geo, vocabulary
from careercenter.formatting import money
from careercenter.search import facets
from careercenter.search.forms import (
    DEFAULT_RADIUS,
    MAX_LOCATION_LENGTH,
    MAX_QUERY_LENGTH,
    POSTED_WITHIN_CHOICES,
    PROBLEMS,
    JobSearchForm,
)

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
        return facets.annual_pay(self.pay_min, "hour" if self.pay_min_is_hourly else "year")

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


def clean_text(raw: str, limit: int) -> tuple[str, list[str]]:
    """Text from a URL made safe to use: control characters out, spaces collapsed, at most
    `limit` characters. Also says what it changed."""
    notes = []
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} for ch in raw):
        notes.append("We removed invisible control characters from your search.")
        raw = "".join(
            " " if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} else ch for ch in raw
        )
    text = " ".join(raw.split())
    if len(text) > limit:
        notes.append(f"Searches are limited to {limit} characters, so we shortened yours.")
        text = text[:limit].rstrip()
    return text, notes


def _resolve_place(text: str) -> tuple[geo.Place | None, str | None]:
    """A ZIP code or "City, ST" (a place and a radius), or a state by code or name."""
    place = geo.resolve_location(text)
    if place:
        return place, None
    upper = text.strip().upper()
    if upper in vocabulary.US_STATES:
        return None, upper
    by_name = {name.upper(): code for code, name in vocabulary.US_STATES.items()}
    return None, by_name.get(upper)


def parse_job_query(args) -> tuple[JobQuery, dict[str, str]]:
    """Read /jobs GET parameters. Bad values are dropped (the search uses its default) and
    explained in {param: message}; user input never raises."""
    args = args if isinstance(args, MultiDict) else MultiDict(args)
    problems: dict[str, str] = {}

    q, notes = clean_text(args.get("q", ""), MAX_QUERY_LENGTH)
    if notes:
        problems["q"] = " ".join(notes)

    location_text, notes = clean_text(args.get("location", ""), MAX_LOCATION_LENGTH)
    place, state = (None, None)
    if location_text:
        place, state = _resolve_place(location_text)
        if not (place or state):
            problems["location"] = (
                f"We couldn't find \u201c{location_text}\u201d. Enter a 5-digit ZIP code, a "
                "city and state like \u201cHouston, TX\u201d, or a state; we searched "
                "everywhere instead."
            )
    elif notes:
        problems["location"] = " ".join(notes)

    form = JobSearchForm(formdata=args)
    form.validate()
    for name in form.errors:
        if name in PROBLEMS:
            problems[name] = PROBLEMS[name]

    def valid(name: str, default=None):
        field = getattr(form, name)
        if field.errors or field.data in (None, ""):
            return default
        return field.data

    query = JobQuery(
        q=q,
        location=location_text if (place or state) else "",
        place=place,
        state=state,
        radius=valid("radius", DEFAULT_RADIUS),
        arrangement=valid("arrangement"),
        employment_type=valid("type"),
        credential=valid("credential"),
        specialty=valid("specialty"),
        setting=valid("setting"),
        pay_min=valid("pay_min"),
        posted_within=valid("posted_within"),
        apprentice=bool(valid("apprentice", False)),
        sort=valid("sort", "relevance"),
        page=valid("page", 1),
        literal=args.get("literal", "") == "1",
    )
    return query, problems


def search_form(query: JobQuery, problems: dict[str, str], args=None) -> JobSearchForm:
    """The filter form showing what was searched, with a message by each value not used.
    A place we could not find stays in its box (from `args`), for the coder to correct."""
    form = JobSearchForm(data=query.form_data())
    if "location" in problems and args is not None:
        form.location.data = clean_text(args.get("location", ""), MAX_LOCATION_LENGTH)[0]
    if query.posted_within and query.posted_within not in POSTED_WITHIN_CHOICES:
        form.posted_within.choices = [
            *form.posted_within.choices,
            (query.posted_within, f"Last {query.posted_within} days"),
        ]
    if query.radius not in dict(form.radius.choices):
        form.radius.choices = sorted(
            [*form.radius.choices, (query.radius, f"Within {query.radius} miles")]
        )
    for name, message in problems.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [message]
    return form
