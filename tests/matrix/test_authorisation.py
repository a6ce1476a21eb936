"""The authorisation matrix: every route of the application, with every kind of visitor.

The test walks `app.url_map` (every rule, every method but HEAD and OPTIONS) as a guest, a
coder, another coder, the employer who owns the objects, another employer, a moderator and
an administrator, with real objects' ids in the URLs (see conftest.py), and checks each
answer against ROUTES below. A route that is not in ROUTES fails the build: whoever adds a
route decides here who may use it.

POSTs carry a valid CSRF token and an empty form: the matrix proves who gets in, not what
the form does (an allowed visitor may be told the form is incomplete, but is never refused
or told the page does not exist; a refused one never gets a 2xx). No answer is ever a 5xx.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.routing.converters import AnyConverter

from careercenter.extensions import limiter
from tests.matrix.conftest import IDENTITIES


class Outcome(enum.Enum):
    ALLOW = "allowed (2xx or 3xx; a POST's empty form may get a 4xx, but not 401/403/404)"
    LOGIN = "sent to log in (302 to /login)"
    FORBID = "refused (403)"
    HIDE = "not found (404), as if it did not exist"
    ABSENT = "not found or method not allowed (404/405), for everybody"


OK, LOGIN, NO, HIDE = Outcome.ALLOW, Outcome.LOGIN, Outcome.FORBID, Outcome.HIDE


@dataclass(frozen=True)
class Access:
    """Who may use a route: the expected outcome for each identity, in IDENTITIES' order."""

    name: str
    outcomes: tuple[Outcome, ...]

    def __post_init__(self):
        assert len(self.outcomes) == len(IDENTITIES)

    def expected(self, identity: str) -> Outcome:
        return self.outcomes[IDENTITIES.index(identity)]

    def __repr__(self) -> str:
        return self.name


# Who gets what. Columns: guest, coder, another coder, the employer who owns the objects,
# another employer, moderator, administrator.
# fmt: off
PUBLIC =         Access("PUBLIC",         (OK,    OK,   OK,   OK,   OK,   OK,   OK))
SIGNED_IN =      Access("SIGNED_IN",      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK))
APPLICANT =      Access("APPLICANT",      (LOGIN, OK,   OK,   NO,   NO,   NO,   NO))
APPLICANT_OWN =  Access("APPLICANT_OWN",  (LOGIN, OK,   HIDE, NO,   NO,   NO,   NO))
RESUME_READERS = Access("RESUME_READERS", (LOGIN, OK,   HIDE, NO,   NO,   NO,   OK))
EMPLOYER =       Access("EMPLOYER",       (LOGIN, NO,   NO,   OK,   OK,   NO,   NO))
EMPLOYER_OWN =   Access("EMPLOYER_OWN",   (LOGIN, NO,   NO,   OK,   HIDE, NO,   NO))
OWNER_OR_STAFF = Access("OWNER_OR_STAFF", (HIDE,  HIDE, HIDE, OK,   HIDE, OK,   OK))
STAFF =          Access("STAFF",          (LOGIN, NO,   NO,   NO,   NO,   OK,   OK))
ADMIN_ONLY =     Access("ADMIN_ONLY",     (LOGIN, NO,   NO,   NO,   NO,   NO,   OK))
NOBODY =         Access("NOBODY",         (HIDE,) * 7)  # e.g. reporting a draft
NOWHERE =        Access("NOWHERE",        (Outcome.ABSENT,) * 7)  # the API's catch-all
# fmt: on


@dataclass(frozen=True)
class Route:
    access: Access
    # URL parameters: name -> key of the world's ids (conftest.py). Unnamed parameters take
    # DEFAULT_PARAMS; every value of an any(...) parameter is tried.
    params: dict[str, str] = field(default_factory=dict)
    # Further statuses an allowed GET may answer (e.g. a one-time link used a second time).
    also: frozenset[int] = frozenset()
    ends_session: bool = False  # the identity signs in again afterwards
    csrf_exempt: bool = False  # a POST that needs no CSRF token, and why, is in the view


DEFAULT_PARAMS = {
    "posting_id": "published",
    "application_id": "application",
    "resume_id": "resume",
    "alert_id": "alert",
    "user_id": "employer_id",
    "slug": "company_slug",
    "system": "code_system",
    "code": "code",
    "filename": "static_file",
    "path": "nowhere",
}
PUBLISHED_JOB = {"posting_id": "published", "slug": "published_slug"}
DRAFT_JOB = {"posting_id": "draft", "slug": "draft_slug"}

# Every endpoint of the application and who may use it. Several entries for one endpoint
# try it with different objects (a published job and a draft, say).
ROUTES: dict[str, Route | tuple[Route, ...]] = {
    # -- site, static files, health, sitemap
    "main.index": Route(PUBLIC),
    "main.healthz": Route(PUBLIC),
    "main.sitemap": Route(PUBLIC),
    "static": Route(PUBLIC),
    # -- accounts: sign-up, sign-in and the mailed links (capability URLs: the token is the key)
    "auth.register": Route(PUBLIC),
    "auth.check_inbox": Route(PUBLIC),
    "auth.verify_email": Route(PUBLIC, {"token": "verify_token"}),
    "auth.resend_verification": Route(PUBLIC),
    "auth.login": Route(PUBLIC),
    "auth.logout": Route(PUBLIC, ends_session=True),
    "auth.request_reset": Route(PUBLIC),
    "auth.reset_password": Route(PUBLIC, {"token": "reset_token"}),
    "account.confirm_email_change": Route(
        PUBLIC, {"token": "email_change_token"}, also=frozenset({400})
    ),
    # -- the signed-in user's own account
    "account.settings": Route(SIGNED_IN),
    "account.change_password": Route(SIGNED_IN),
    "account.change_email": Route(SIGNED_IN),
    "account.end_other_sessions": Route(SIGNED_IN),
    "account.delete": Route(SIGNED_IN),
    # -- jobs, companies and codes: the public site
    "postings.search": Route(PUBLIC),
    "postings.feed": Route(PUBLIC),
    "postings.job": (Route(PUBLIC, PUBLISHED_JOB), Route(OWNER_OR_STAFF, DRAFT_JOB)),
    "postings.apply_external": (Route(PUBLIC), Route(OWNER_OR_STAFF, {"posting_id": "draft"})),
    "postings.report": (Route(PUBLIC), Route(NOBODY, {"posting_id": "draft"})),
    "employers.company": Route(PUBLIC),
    "employers.logo": Route(PUBLIC),
    "codes.index": Route(PUBLIC),
    "codes.search": Route(PUBLIC),
    "codes.code": Route(PUBLIC),
    # -- the JSON API: public and read-only
    "api.index": Route(PUBLIC),
    "api.jobs": Route(PUBLIC),
    "api.suggest": Route(PUBLIC, also=frozenset({400})),  # q is required
    "api.pay": Route(PUBLIC),
    "pay.index": Route(PUBLIC),
    "api.codes": Route(PUBLIC),
    "api.job": Route(PUBLIC),
    "api.openapi": Route(PUBLIC),
    # The API is exempt from CSRF (careercenter/api/__init__.py): it changes nothing.
    "api.unknown": Route(NOWHERE, csrf_exempt=True),
    # -- coders
    "applicants.dashboard": Route(APPLICANT),
    "applicants.profile": Route(APPLICANT),
    "applicants.export": Route(APPLICANT),
    "postings.apply_on_site": Route(APPLICANT),
    "applicants.resume": Route(RESUME_READERS),
    "applicants.withdraw": Route(APPLICANT_OWN, {"application_id": "spare_application"}),
    "applicants.confirm_withdraw": Route(APPLICANT_OWN),
    "postings.save_job": Route(APPLICANT),
    "postings.unsave_job": Route(APPLICANT),
    "applicants.saved_jobs": Route(APPLICANT),
    "applicants.alerts": Route(APPLICANT),
    "applicants.update_alert": Route(APPLICANT_OWN),
    "applicants.delete_alert": Route(APPLICANT_OWN, {"alert_id": "spare_alert"}),
    # The signed unsubscribe link is the key (a mail client POSTs it without a session).
    "applicants.unsubscribe_alert": Route(PUBLIC, {"token": "unsubscribe_token"}, csrf_exempt=True),
    "applicants.resubscribe_alert": Route(PUBLIC, {"token": "unsubscribe_token"}),
    # -- employers
    "employers.company_profile": Route(EMPLOYER),
    "employers.dashboard": Route(EMPLOYER),
    "employers.new_posting": Route(EMPLOYER),
    "employers.edit_posting": (Route(EMPLOYER_OWN, {"posting_id": "draft"}), Route(EMPLOYER_OWN)),
    "employers.act_on_posting": Route(EMPLOYER_OWN, {"posting_id": "posting_to_act_on"}),
    "employers.confirm_close_posting": Route(EMPLOYER_OWN),
    "employers.applicants": Route(EMPLOYER_OWN),
    "employers.application": Route(EMPLOYER_OWN),
    "employers.application_resume": Route(EMPLOYER_OWN),
    "employers.change_status": Route(EMPLOYER_OWN),
    "employers.add_note": Route(EMPLOYER_OWN),
    # -- moderation (staff), and staff management (administrators)
    "admin.index": Route(STAFF),
    "admin.review_queue": Route(STAFF),
    "admin.bulk_approve": Route(STAFF),
    "admin.posting": (Route(STAFF), Route(STAFF, {"posting_id": "draft"})),
    "admin.approve": Route(STAFF, {"posting_id": "submitted"}),
    "admin.reject": Route(STAFF, {"posting_id": "submitted"}),
    "admin.request_changes": Route(STAFF, {"posting_id": "submitted"}),
    "admin.keep": Route(STAFF),
    "admin.take_down": Route(STAFF),
    "admin.reports": Route(STAFF),
    "admin.accounts": Route(STAFF),
    "admin.account": Route(STAFF),
    "admin.suspend": Route(STAFF),
    "admin.reinstate": Route(STAFF),
    "admin.verify": Route(STAFF),
    "admin.audit_log": Route(STAFF),
    # Decided already (it answers so); the rival's change with its logo waits for review.
    "admin.approve_profile": Route(STAFF, {"company_id": "company_id"}),
    "admin.reject_profile": Route(STAFF, {"company_id": "company_id"}),
    "admin.pending_logo": Route(STAFF, {"company_id": "pending_company_id"}),
    "admin.staff": Route(ADMIN_ONLY),
    "admin.grant_moderator": Route(ADMIN_ONLY),
    "admin.revoke_moderator": Route(ADMIN_ONLY, {"user_id": "spare_moderator_id"}),
    # -- coding checks (issue 17): the company's own; the coder's own attempt
    "employers.checks": Route(EMPLOYER),
    "employers.new_check": Route(EMPLOYER),
    "employers.starter_check": Route(EMPLOYER),
    "employers.show_check": Route(EMPLOYER_OWN, {"check_id": "check_id"}),
    "employers.check_settings": Route(EMPLOYER_OWN, {"check_id": "check_id"}),
    "employers.archive_check": Route(EMPLOYER_OWN, {"check_id": "check_id"}),
    "employers.new_check_case": Route(EMPLOYER_OWN, {"check_id": "check_id"}),
    "employers.edit_check_case": Route(
        EMPLOYER_OWN, {"check_id": "check_id", "case_id": "case_id"}
    ),
    "employers.delete_check_case": Route(
        EMPLOYER_OWN, {"check_id": "check_id", "case_id": "spare_case_id"}
    ),
    "applicants.take_check": Route(APPLICANT_OWN, {"application_id": "check_application"}),
    "applicants.start_check": Route(APPLICANT_OWN, {"application_id": "check_application"}),
    "applicants.check_cases": Route(
        APPLICANT_OWN, {"application_id": "check_application", "number": "case_number"}
    ),
    "applicants.save_check_answers": Route(APPLICANT_OWN, {"application_id": "check_application"}),
    "applicants.confirm_check_submit": Route(
        APPLICANT_OWN, {"application_id": "check_application"}
    ),
    "applicants.submit_check": Route(APPLICANT_OWN, {"application_id": "check_application"}),
}


def _routes(endpoint: str) -> tuple[Route, ...]:
    entry = ROUTES[endpoint]
    return entry if isinstance(entry, tuple) else (entry,)


def _urls(rule, route: Route, ids: dict) -> list[str]:
    """The rule's URL with the world's objects in it: one per value of an any(...) part."""
    values: dict = {}
    choices: dict[str, list[str]] = {}
    for name in rule.arguments - set(rule.defaults or {}):
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter):
            choices[name] = sorted(converter.items)
            continue
        key = route.params.get(name) or DEFAULT_PARAMS.get(name)
        assert key in ids, (
            f"{rule.rule}: give the URL parameter {name!r} a value: add it to the route's "
            "params in ROUTES (and the object to the world in conftest.py if it is new)"
        )
        values[name] = ids[key]
    combos = [values]
    for name, options in choices.items():
        combos = [{**combo, name: option} for combo in combos for option in options]
    return [rule.build({**combo, **(rule.defaults or {})})[1] for combo in combos]


def _request(world, identity: str, method: str, url: str, *, csrf: bool = True):
    limiter.reset()  # every client is 127.0.0.1: the matrix is not a brute-force attack
    data = {"csrf_token": world.csrf[identity]} if csrf and method != "GET" else None
    return world.clients[identity].open(url, method=method, data=data)


def _sent_to_login(response) -> bool:
    """Flask-Login's answer to a guest on a protected page (a plain redirect to /login, as
    after confirming a new email, is not a refusal: it has no `next`)."""
    location = urlsplit(response.location or "")
    return (
        response.status_code == 302
        and location.path == "/login"
        and "next" in parse_qs(location.query)
    )


def _problem(expected: Outcome, response, method: str, also: frozenset[int]) -> str | None:
    status = response.status_code
    if status >= 500:
        return "a server error"
    if expected is Outcome.ALLOW:
        if status in (401, 403, 404) or _sent_to_login(response):
            return "refused"
        if method == "GET" and status >= 400 and status not in also:
            return "an error"
        return None
    if expected is Outcome.LOGIN:
        return None if _sent_to_login(response) else "not sent to log in"
    if expected is Outcome.FORBID:
        return None if status == 403 else "not refused with 403"
    if expected is Outcome.HIDE:
        return None if status == 404 else "not a 404"
    return None if status in (404, 405) else "not a 404/405"


def _rules_of(app, endpoint: str):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"}, key=lambda m: (m != "GET", m))


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - ROUTES.keys())
    assert not missing, (
        "These endpoints are not in the authorisation matrix. Say who may use each: add it "
        "to ROUTES in tests/matrix/test_authorisation.py with its Access (PUBLIC, SIGNED_IN, "
        "APPLICANT, APPLICANT_OWN, EMPLOYER, EMPLOYER_OWN, STAFF, ADMIN_ONLY, ...): "
        + ", ".join(missing)
    )
    stale = sorted(ROUTES.keys() - endpoints)
    assert not stale, "ROUTES names endpoints the app no longer has: " + ", ".join(stale)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_identity_as_declared(app, world, endpoint):
    rules = _rules_of(app, endpoint)
    assert rules, f"{endpoint} is not a route of the app: remove it from ROUTES"
    failures = []
    for route in _routes(endpoint):
        for rule in rules:
            for method in _methods(rule):
                for url in _urls(rule, route, world.ids):
                    for identity in IDENTITIES:
                        response = _request(world, identity, method, url)
                        expected = route.access.expected(identity)
                        problem = _problem(expected, response, method, route.also)
                        if problem:
                            failures.append(
                                f"{method} {url} as {identity}: {problem}, got "
                                f"{response.status_code} {response.location or ''}".rstrip()
                                + f"; expected {expected.value} ({route.access!r})"
                            )
                        if route.ends_session:
                            world.sign_in(identity)
    # The matrix's empty forms must not have ended anybody's session (or what the walk
    # found after that point would prove nothing).
    for identity in IDENTITIES[1:]:
        if _request(world, identity, "GET", "/account/").status_code != 200:
            failures.append(f"{identity} was signed out by the requests to {endpoint}")
    assert not failures, "\n".join(failures)


def test_a_post_without_csrf_token_is_refused(app, world):
    """Before anything else: a forged form never reaches the view, whoever sends it."""
    failures = []
    for rule in app.url_map.iter_rules():
        routes = _routes(rule.endpoint) if rule.endpoint in ROUTES else ()
        if "POST" not in rule.methods or not routes or any(r.csrf_exempt for r in routes):
            continue
        for url in _urls(rule, routes[0], world.ids):
            for identity in ("guest", "applicant", "employer", "admin"):
                response = _request(world, identity, "POST", url, csrf=False)
                if response.status_code != 400:
                    failures.append(f"POST {url} as {identity}: {response.status_code}")
    assert not failures, "accepted without a CSRF token:\n" + "\n".join(failures)
