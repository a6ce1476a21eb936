"""Reading a /jobs query string (the page, the API, the Atom feed, the relevance command):
a JobQuery and what could not be used, through the filter form's validation; and the form
again, showing what was searched. The web side of search: the engine never imports it."""

from __future__ import annotations

import unicodedata

from werkzeug.datastructures import MultiDict

from careercenter import geo, vocabulary
from careercenter.search.forms import JobSearchForm
from careercenter.search.limits import (
    DEFAULT_RADIUS,
    MAX_LOCATION_LENGTH,
    MAX_QUERY_LENGTH,
    POSTED_WITHIN_CHOICES,
    PROBLEMS,
)
from careercenter.search.query import JobQuery


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
