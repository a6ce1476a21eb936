"""Each URL family has one owner: every page under /jobs, /employer or /me is served by
one blueprint, so the rules and guards for a family live in one package (README, Layout)."""

from __future__ import annotations

from collections import defaultdict

# The families a reader is sent to by the README; the test below covers every family.
OWNERS = {
    "jobs": "postings",
    "employer": "employers",
    "companies": "employers",
    "me": "applicants",
    "alerts": "applicants",
    "sitemap.xml": "main",
    "codes": "codes",
    "pay": "pay",
    "login": "auth",
    "admin": "admin",
    "account": "account",
    "api": "api",
}


def _blueprints_by_family(app) -> dict[str, set[str]]:
    """First path segment -> the blueprints serving it ("app" for the app's own static)."""
    families: dict[str, set[str]] = defaultdict(set)
    for rule in app.url_map.iter_rules():
        family = rule.rule.lstrip("/").split("/", 1)[0]
        blueprint, dot, _ = rule.endpoint.rpartition(".")
        families[family].add(blueprint if dot else "app")
    return families


def test_every_url_family_is_served_by_exactly_one_blueprint(app):
    shared = {
        f"/{family}: {sorted(blueprints)}"
        for family, blueprints in _blueprints_by_family(app).items()
        if len(blueprints) != 1
    }
    assert not shared, "\n".join(sorted(shared))


def test_the_families_belong_to_the_blueprints_the_readme_names(app):
    families = _blueprints_by_family(app)
    owners = {family: "/".join(sorted(families[family])) for family in OWNERS}
    assert owners == OWNERS


def test_the_domain_packages_serve_no_pages(app):
    """applications, checks and saved hold services and forms; their views live
    with the family they belong to."""
    assert not {"applications", "checks", "saved"} & set(app.blueprints)
