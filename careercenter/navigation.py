"""The site navigation: which links each role sees.

An entry shows only once its endpoint exists, so each feature's blueprint brings its own
link into the menu by being registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, has_request_context, request, url_for
from flask_login import current_user
from werkzeug.datastructures import iter_multi_items

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


def nav_links() -> tuple[NavLink, ...]:
    """The menu of the current page: the entries the reader's role sees, the one the page
    belongs to marked. Built once per app for each role, section and script root."""
    role = current_user.role if current_user.is_authenticated else None
    entries = _entries(role)
    path = request.path
    matches = [
        (len(prefix), entry.endpoint)
        for entry in entries
        for prefix in SECTIONS.get(entry.endpoint, ())
        if path.startswith(prefix)
    ]
    current = max(matches)[1] if matches else None
    built = current_app.extensions.setdefault("nav_links", {})
    key = (request.script_root, role, current)
    if key not in built:
        built[key] = tuple(
            NavLink(e.label, page_url(e.endpoint), e.endpoint == current) for e in entries
        )
    return built[key]


def _entries(role: Role | None) -> list[NavEntry]:
    return [
        entry
        for entry in NAV_ENTRIES
        if entry.endpoint in current_app.view_functions
        and (entry.roles is EVERYONE or role in entry.roles)
    ]


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
    address depends on the URL map and the request's script root alone.

    Values that go in the query string (`q=` of a search link, `next=` of a log-in link:
    a different address on each page) are not remembered: they are encoded, as the URL map
    does, after the remembered address of the rest, for an endpoint of one rule."""

    def __init__(self, max_size: int = 4096):
        self.max_size = max_size
        self.built: dict[tuple, str] = {}
        self.arguments: dict[str, frozenset[str] | None] = {}

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
            plain = not endpoint.startswith(".") and not any(n.startswith("_") for n in values)
            arguments = self._arguments(endpoint) if plain and values else None
            if arguments is not None and not arguments.issuperset(values):
                path = {name: value for name, value in values.items() if name in arguments}
                query = {name: value for name, value in values.items() if name not in arguments}
                encoded = _encoded_query(query)
                base = self(endpoint, **path)
                return f"{base}?{encoded}" if encoded else base
            found = url_for(endpoint, **values)
            if plain:
                if len(self.built) >= self.max_size:
                    self.built.clear()
                self.built[key] = found
        return found

    def _arguments(self, endpoint: str) -> frozenset[str] | None:
        """The values an endpoint's path is made of, when it has one rule and no defaults
        (the address of several rules depends on which one the values fit)."""
        if endpoint not in self.arguments:
            rules = list(current_app.url_map.iter_rules(endpoint)) if endpoint else []
            one = len(rules) == 1 and not rules[0].defaults and not rules[0].build_only
            one = one and not current_app.url_map.sort_parameters
            self.arguments[endpoint] = frozenset(rules[0].arguments) if one else None
        return self.arguments[endpoint]


def _encoded_query(values: dict) -> str:
    """Query values as werkzeug's URL map encodes them (werkzeug.urls._urlencode): values
    that are None left out, lists as repeated names."""
    pairs = [(name, value) for name, value in iter_multi_items(values) if value is not None]
    return urlencode(pairs, safe="!$'()*,/:;?@")


def page_url(endpoint: str, **values) -> str:
    """url_for through the app's PageLinks (register_template_helpers)."""
    return current_app.extensions["page_links"](endpoint, **values)
