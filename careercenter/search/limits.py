"""What a job search may ask, in one place: the engine, the /jobs form, the API and its
OpenAPI document all read these (none of them depends on another for them).

- The query string: lengths, radius, recency, pay and page bounds, and the sorts.
- The engine's own bounds: COUNT_CAP (counting and paging stop at the thousandth job) and
  MAX_PER_PAGE.
- PROBLEMS: what a search says when a parameter could not be used, and what it did instead
  (the page shows it by the field, the API in its `problems`).
"""

from __future__ import annotations

from careercenter.pagination import MAX_PAGE

__all__ = ["MAX_PAGE"]  # one page bound for every list of the site (careercenter.pagination)

DEFAULT_RADIUS = 25
MIN_RADIUS, MAX_RADIUS = 5, 200
RADIUS_CHOICES = (5, 10, 25, 50, 100, 200)
POSTED_WITHIN_CHOICES = {1: "Last 24 hours", 3: "Last 3 days", 7: "Last 7 days",
                         14: "Last 14 days", 30: "Last 30 days"}  # fmt: skip
MAX_POSTED_WITHIN = 365
SORTS = {"relevance": "Best match", "newest": "Newest first", "pay": "Highest pay first"}
MAX_QUERY_LENGTH = 200
MAX_LOCATION_LENGTH = 100
MAX_PAY = 10_000_000

# What the search says when a parameter could not be used, and what it did instead.
PROBLEMS = {
    "radius": f"Choose a distance from {MIN_RADIUS} to {MAX_RADIUS} miles; "
    f"we searched within {DEFAULT_RADIUS} miles.",
    "arrangement": "We don't know that work arrangement, so we showed every arrangement.",
    "type": "We don't know that employment type, so we showed every type.",
    "credential": "We don't know that credential, so we showed jobs for any credential.",
    "specialty": "We don't know that specialty, so we showed every specialty.",
    "setting": "We don't know that setting, so we showed every setting.",
    "pay_min": "Enter the minimum pay as a number, like 55000 a year or 28 an hour; "
    "we showed every pay.",
    "posted_within": f"Choose how recent the job must be in days, from 1 to "
    f"{MAX_POSTED_WITHIN}; we showed jobs posted at any time.",
    "apprentice": "We ignored the apprentice filter we could not read.",
    "sort": "We don't know that order, so we sorted by best match.",
    "page": "That page number isn't valid, so we showed the first page.",
}

# Counting stops here ("1,000+ jobs") and so does paging: nobody reads past the thousandth
# job, and counting every match of a common word is what makes searches slow.
COUNT_CAP = 1000
MAX_PER_PAGE = 100
