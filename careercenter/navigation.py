"""The site navigation: which links each role sees.

An entry shows only once its endpoint exists, so each feature's blueprint brings its own
link into the menu by being registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_request_context, request, url_for
from flask_login import current_user

from careercenter.models import Role

EVERYONE = None


@dataclass(frozen=True)
class NavEntry:
    label: str
    endpoint: str
    roles: frozenset[Role] | None = EVERYONE


NAV_ENTRIES = (
    NavEntry("Find jobs", "postings.search"),
    NavEntry("Pay", "pay.index"),
    NavEntry("Code lookup", "codes.index"),
    NavEntry("Dashboard", "employers.dashboard", frozenset({Role.EMPLOYER})),
    NavEntry("Post a job", "employers.new_posting", frozenset({Role.EMPLOYER})),
    NavEntry("Coding checks", "employers.checks", frozenset({Role.EMPLOYER})),
    NavEntry("Dashboard", "applicants.dashboard", frozenset({Role.APPLICANT})),
    NavEntry("Moderation", "admin.index", frozenset({Role.MODERATOR, Role.ADMIN})),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


# Which entry a page belongs to: the longest of these path prefixes that the page's path
# starts with ("/employer/postings/new" is Post a job, the rest of /employer/ Dashboard).
SECTIONS = {
    "postings.search": ("/jobs",),
    "codes.index": ("/codes",),
    "employers.dashboard": ("/employer/",),
    "employers.new_posting": ("/employer/postings/new",),
    "applicants.dashboard": ("/me/",),
    "admin.index": ("/admin/",),
}


def nav_links() -> list[NavLink]:
    role = current_user.role if current_user.is_authenticated else None
    entries = [
        entry
        for entry in NAV_ENTRIES
        if entry.endpoint in current_app.view_functions
        and (entry.roles is EVERYONE or role in entry.roles)
    ]
    path = request.path
    matches = [
        (len(prefix), entry.endpoint)
        for entry in entries
        for prefix in SECTIONS.get(entry.endpoint, ())
        if path.startswith(prefix)
    ]
    current = max(matches)[1] if matches else None
    return [NavLink(e.label, page_url(e.endpoint), e.endpoint == current) for e in entries]


# Where each role lands after logging in (unless it was on its way somewhere): its own
# start page, not the generic home page.
HOME_ENDPOINTS = {
    Role.APPLICANT: "applicants.dashboard",
    Role.EMPLOYER: "employers.dashboard",
    Role.MODERATOR: "admin.index",
    Role.ADMIN: "admin.index",
}


def home_url(user) -> str:
    endpoint = HOME_ENDPOINTS.get(user.role)
    if endpoint is None or endpoint not in current_app.view_functions:
        return url_for("main.index")
    return url_for(endpoint)


class PageLinks:
    """url_for for templates, remembered per app: a page builds 30-50 addresses (the menu,
    the footer, breadcrumbs), the same ones on every request, and building one through
    the URL map costs more than the rest of a small page's rendering. Only plain calls are
    remembered (a full endpoint name, hashable values, no _external or _anchor): their
    address depends on the URL map and the request's script root alone."""

    def __init__(self, max_size: int = 4096):
        self.max_size = max_size
        self.built: dict[tuple, str] = {}

    def __call__(self, endpoint: str, **values) -> str:
        if not has_request_context():  # a mail rendered by a job: external addresses
            return url_for(endpoint, **values)
        try:
            # The values in the order given: another order is another key, just as right.
            key = (request.script_root, endpoint, *values.items())
            found = self.built.get(key)
        except TypeError:  # a value that cannot be a key (a list): built each time
            return url_for(endpoint, **values)
        if found is None:
            found = url_for(endpoint, **values)
            if not endpoint.startswith(".") and not any(name.startswith("_") for name in values):
                if len(self.built) >= self.max_size:
                    self.built.clear()
                self.built[key] = found
        return found


def page_url(endpoint: str, **values) -> str:
    """url_for through the app's PageLinks (register_template_helpers)."""
    return current_app.extensions["page_links"](endpoint, **values)
