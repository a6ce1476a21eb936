"""The site navigation: which links each role sees.

An entry shows only once its endpoint exists, so each feature's blueprint brings its own
link into the menu by being registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
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
    NavEntry("My profile", "applicants.dashboard", frozenset({Role.APPLICANT})),
    NavEntry("Moderation", "admin.index", frozenset({Role.MODERATOR, Role.ADMIN})),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def nav_links() -> list[NavLink]:
    role = current_user.role if current_user.is_authenticated else None
    links = []
    for entry in NAV_ENTRIES:
        if entry.endpoint not in current_app.view_functions:
            continue
        if entry.roles is not EVERYONE and role not in entry.roles:
            continue
        blueprint = entry.endpoint.split(".")[0]
        links.append(NavLink(entry.label, url_for(entry.endpoint), request.blueprint == blueprint))
    return links


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
