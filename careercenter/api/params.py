"""The API's query parameters: the /jobs filters, read strictly.

The web page drops a value it cannot use and says what it searched instead; a program is
better served by a 400 naming each bad parameter, so the API turns the same problems into
errors with messages written for a developer.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from careercenter import search
from careercenter.codes.services import MAX_QUERY_LENGTH as MAX_CODE_QUERY_LENGTH
from careercenter.models import CodeSystem
from careercenter.search import suggest
from careercenter.search.limits import (
    MAX_LOCATION_LENGTH,
    MAX_PAGE,
    MAX_PAY,
    MAX_POSTED_WITHIN,
    MAX_QUERY_LENGTH,
    MAX_RADIUS,
    MIN_RADIUS,
    SORTS,
)
from careercenter.search.reading import clean_text

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50

MESSAGES = {
    "q": f"Must be at most {MAX_QUERY_LENGTH} characters, without control characters.",
    "location": 'Must be a 5-digit US ZIP code, a city and state such as "Houston, TX", or a '
    f"US state (code or name), at most {MAX_LOCATION_LENGTH} characters.",
    "radius": f"Must be a whole number of miles from {MIN_RADIUS} to {MAX_RADIUS}.",
    "arrangement": "Must be one of the arrangements listed in the API description.",
    "type": "Must be one of the employment types listed in the API description.",
    "credential": "Must be one of the credential slugs listed in the API description.",
    "specialty": "Must be one of the specialty slugs listed in the API description.",
    "setting": "Must be one of the setting slugs listed in the API description.",
    "pay_min": f"Must be a number from 1 to {MAX_PAY}: dollars a year, or an hourly rate when "
    "under 1000.",
    "posted_within": f"Must be a whole number of days from 1 to {MAX_POSTED_WITHIN}.",
    "apprentice": "Must be true or false (1 or 0).",
    "sort": "Must be one of: " + ", ".join(SORTS) + ".",
    "page": f"Must be a whole number from 1 to {MAX_PAGE}.",
    "per_page": f"Must be a whole number from 1 to {MAX_PER_PAGE}.",
}


# The page reads a blank filter as "any" and any apprentice value but a few as "yes"; a
# program that sends `radius=` or `apprentice=maybe` has a bug worth hearing about.
TYPED = ("radius", "arrangement", "type", "credential", "specialty", "setting", "pay_min",
         "posted_within", "apprentice", "sort", "page", "per_page")  # fmt: skip
BOOLEANS = frozenset({"true", "false", "1", "0", "yes", "no", "y", "n", "on", "off"})


def parse_api_query(args: MultiDict) -> tuple[search.JobQuery, int, dict[str, str]]:
    """The query, the page size, and {param: message} for every parameter not understood."""
    query, problems = search.parse_job_query(args)
    errors = {param: MESSAGES.get(param, message) for param, message in problems.items()}
    for param in TYPED:
        if param in args and not args[param].strip():
            errors[param] = MESSAGES[param]
    if args.get("apprentice", "").strip().lower() not in BOOLEANS | {""}:
        errors["apprentice"] = MESSAGES["apprentice"]
    per_page = DEFAULT_PER_PAGE
    raw = args.get("per_page", "").strip()
    if raw:
        if len(raw) <= 3 and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_PER_PAGE:
            per_page = int(raw)
        else:
            errors["per_page"] = MESSAGES["per_page"]
    return query, per_page, errors


SUGGEST_MESSAGES = {
    "q": f"Must be at most {suggest.MAX_LENGTH} characters, without control characters.",
    "limit": f"Must be a whole number from 1 to {suggest.MAX_LIMIT}.",
}


def parse_suggest_query(args: MultiDict) -> tuple[str, int, dict[str, str]]:
    """The text to complete (blank: nothing to suggest), how many suggestions, and
    {param: message} for bad ones."""
    errors = {}
    raw = args.get("q")
    text, changed = clean_text(raw or "", suggest.MAX_LENGTH)
    if raw is None or changed:
        errors["q"] = SUGGEST_MESSAGES["q"]
    limit = suggest.DEFAULT_LIMIT
    raw = args.get("limit")
    if raw is not None:
        raw = raw.strip()
        if len(raw) <= 2 and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= suggest.MAX_LIMIT:
            limit = int(raw)
        else:
            errors["limit"] = SUGGEST_MESSAGES["limit"]
    return text, limit, errors


CODE_LIMIT_DEFAULT = 10
CODE_LIMIT_MAX = 20
CODE_MESSAGES = {
    "q": f"Must be at most {MAX_CODE_QUERY_LENGTH} characters, without control characters.",
    "system": "Must be one of: " + ", ".join(s.value for s in CodeSystem) + ".",
    "limit": f"Must be a whole number from 1 to {CODE_LIMIT_MAX}.",
}


def parse_code_query(args: MultiDict) -> tuple[str, CodeSystem | None, int, dict[str, str]]:
    """The words or code to look up (blank: nothing), the code system asked for (None:
    every one), how many results, and {param: message} for bad ones."""
    errors = {}
    text, changed = clean_text(args.get("q") or "", MAX_CODE_QUERY_LENGTH)
    if changed:
        errors["q"] = CODE_MESSAGES["q"]
    system = None
    raw = args.get("system")
    if raw is not None:  # given, even blank: it must name a code set (a program's bug else)
        try:
            system = CodeSystem(raw.strip())
        except ValueError:
            errors["system"] = CODE_MESSAGES["system"]
    limit = CODE_LIMIT_DEFAULT
    raw = args.get("limit")
    if raw is not None:
        raw = raw.strip()
        if len(raw) <= 2 and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= CODE_LIMIT_MAX:
            limit = int(raw)
        else:
            errors["limit"] = CODE_MESSAGES["limit"]
    return text, system, limit, errors
