"""One world for the whole authorisation matrix, built once through the site itself.

The matrix sends several hundred requests; building accounts, postings and applications
for each would take minutes. The world is built once per module instead, so the suite-wide
per-test cleanup (`_clean_state` in tests/conftest.py) is replaced here by a cleanup when
the module ends. The matrix only sends empty forms, which change little; the objects that
an empty form *does* change (a withdrawn application, a deleted alert, a filled job, a
revoked moderator) are spares that nothing else reads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from careercenter.auth import tokens
from careercenter.codes.importers import demo_file, import_csv
from careercenter.extensions import db, limiter
from careercenter.models import (
    Application,
    CodeSystem,
    Company,
    Posting,
    ReportReason,
    Role,
    SavedSearch,
    User,
    utcnow,
)
from careercenter.saved.services import unsubscribe_token
from tests.conftest import STRONG_PASSWORD, Auth, csrf_token, post_form
from tests.factories import COMPANY_FORM, apply_to, png_bytes, save_profile, submit_posting

# The identities the matrix walks with: who they are, and the account behind each.
ACCOUNTS = {
    "applicant": ("maria@example.com", Role.APPLICANT),
    "other_applicant": ("james@example.com", Role.APPLICANT),
    "employer": ("talent@summitortho.example", Role.EMPLOYER),
    "other_employer": ("jobs@rivalcoding.example", Role.EMPLOYER),
    "moderator": ("mod@careercenter.example", Role.MODERATOR),
    "admin": ("admin@careercenter.example", Role.ADMIN),
}
IDENTITIES = ("guest", *ACCOUNTS)

# Accounts that only lend their ids to URLs (never signed in).
SPARE_ACCOUNTS = {
    "spare_moderator": ("second-mod@careercenter.example", Role.MODERATOR, True),
    "email_changer": ("changer@example.com", Role.APPLICANT, True),
    # Its own account: a reset link dies once the email changer's address has changed.
    "password_resetter": ("resetter@example.com", Role.APPLICANT, True),
    "unverified": ("unverified@example.com", Role.APPLICANT, False),
}


@dataclass
class World:
    app: object
    clients: dict[str, FlaskClient]
    csrf: dict[str, str] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)

    def sign_in(self, identity: str) -> None:
        """(Re)start `identity`'s session, e.g. after the matrix logged it out."""
        client = self.app.test_client()
        if identity != "guest":
            limiter.reset()
            response = Auth(client).login(email=ACCOUNTS[identity][0])
            assert response.status_code == 303, f"{identity} could not log in"
        self.clients[identity] = client
        self.csrf[identity] = csrf_token(client)


def _load_codes() -> None:
    # The demo CPT codes, for a code page (ICD-10-CM would take seconds to import, and the
    # posting form accepts well-formed codes of a set that is not loaded).
    import_csv(CodeSystem.CPT, demo_file("cpt_demo.csv"), source="demo")


def _post_job(world, submit: bool = True, **overrides) -> int:
    return submit_posting(world.app, world.clients["employer"], submit, **overrides)


def _post(client, url: str, data: dict | None = None, **kwargs) -> None:
    response = post_form(client, url, data, **kwargs)
    assert response.status_code == 303, f"{url}: {response.get_data(as_text=True)}"


def _create_accounts(app) -> None:
    with app.app_context():
        _load_codes()
        accounts = [(email, role, True) for email, role in ACCOUNTS.values()]
        password_hash = generate_password_hash(STRONG_PASSWORD)  # once: scrypt is slow
        for email, role, verified in [*accounts, *SPARE_ACCOUNTS.values()]:
            db.session.add(
                User(
                    email=email,
                    name=email.split("@")[0],
                    role=role,
                    password_hash=password_hash,
                    email_verified_at=utcnow() if verified else None,
                )
            )
        db.session.commit()


def _build_through_the_site(world: World) -> None:
    """What users make by using the site: companies, jobs, profiles, applications, alerts.
    (Requests run outside any app context of ours, so each gets its own, as in production.)"""
    c, ids = world.clients, world.ids
    for identity, name in (("employer", "Summit Orthopaedic"), ("other_employer", "Rival Co")):
        logo = (io.BytesIO(png_bytes()), "logo.png")
        _post(c[identity], "/employer/company", {**COMPANY_FORM, "name": name, "logo": logo},
              content_type="multipart/form-data")  # fmt: skip
    # A moderator approves the employer's profile; the other employer's waits for review.
    with world.app.app_context():
        ids["company_id"], ids["pending_company_id"] = (
            db.session.scalar(sa.select(Company.id).where(Company.name == name))
            for name in ("Summit Orthopaedic", "Rival Co")
        )
    _post(c["moderator"], f"/admin/companies/{ids['company_id']}/profile/approve")
    ids["published"] = _post_job(world)
    ids["spare_published"] = _post_job(world, title="Spare coder job to withdraw from")
    ids["posting_to_act_on"] = _post_job(world, title="A job the matrix fills and closes")
    ids["submitted"] = _post_job(world, title="A job waiting for review")
    ids["draft"] = _post_job(world, title="A draft nobody else sees", submit=False)
    for key in ("published", "spare_published", "posting_to_act_on"):
        _post(c["moderator"], f"/admin/postings/{ids[key]}/approve")
    for identity in ("applicant", "other_applicant"):
        assert save_profile(c[identity]).status_code == 303
    for key in ("published", "spare_published"):
        apply_to(c["applicant"], ids[key], cover_letter="I code foot and ankle surgery.")
    for query, name in (("q=coder&arrangement=remote", "Remote coders"), ("q=audit", "Spare")):
        _post(c["applicant"], "/me/alerts", {"query": query, "name": name, "frequency": "daily"})
    _post(c["other_applicant"], f"/jobs/{ids['published']}/report",
          {"reason": ReportReason.OTHER.value, "note": "Asks for a fee to apply."})  # fmt: skip
    _build_checks(world)


# -- coding checks (issue 17): a check with two cases, a job asking for it, an application
CHECK_FORM = {
    "name": "Matrix check", "pass_mark": "85", "layout": "one", "credit_specificity": "50",
    "credit_seventh": "50", "credit_modifier": "75", "sequence_loss": "25",
    "penalty_wrong_extra": "50", "penalty_redundant_extra": "10",
}  # fmt: skip
CHECK_CASE = {
    "title": "Toe amputation",
    "scenario": "Amputation of the right great toe at the metatarsophalangeal joint.",
    "procedures": "28820",
}


def _build_checks(world: World) -> None:
    from careercenter.models import CheckCase, SkillCheck

    c, ids = world.clients, world.ids
    _post(c["employer"], "/employer/checks/new", CHECK_FORM)
    with world.app.app_context():
        ids["check_id"] = db.session.scalar(sa.select(sa.func.max(SkillCheck.id)))
    for _ in range(2):
        _post(c["employer"], f"/employer/checks/{ids['check_id']}/cases/new", CHECK_CASE)
    with world.app.app_context():
        ids["case_id"], ids["spare_case_id"] = db.session.scalars(
            sa.select(CheckCase.id).order_by(CheckCase.id)
        ).all()
    ids["check_job"] = _post_job(
        world, title="A job with a coding check", skill_check=str(ids["check_id"])
    )
    _post(c["moderator"], f"/admin/postings/{ids['check_job']}/approve")
    apply_to(c["applicant"], ids["check_job"], cover_letter="I code toes.")
    with world.app.app_context():
        ids["check_application"] = db.session.scalar(
            sa.select(Application.id).where(Application.posting_id == ids["check_job"])
        )
    ids["case_number"] = 1


def _collect_ids(world: World) -> None:
    ids = world.ids
    with world.app.app_context():
        users = {
            name: db.session.scalar(sa.select(User).where(User.email == email))
            for name, (email, *_) in {**ACCOUNTS, **SPARE_ACCOUNTS}.items()
        }
        applications = db.session.scalars(
            sa.select(Application)
            .where(Application.applicant_id == users["applicant"].id)
            .order_by(Application.id)
        ).all()
        ids["application"], ids["spare_application"] = (
            a.id for a in applications if a.posting_id != ids["check_job"]
        )
        ids["resume"] = next(a.resume_id for a in applications if a.id == ids["application"])
        alerts = db.session.scalars(
            sa.select(SavedSearch)
            .where(SavedSearch.user_id == users["applicant"].id)
            .order_by(SavedSearch.id)
        ).all()
        ids["alert"], ids["spare_alert"] = (a.id for a in alerts)
        ids["company_slug"] = db.session.scalar(
            sa.select(Company.slug).where(Company.owner_id == users["employer"].id)
        )
        for key in ("published", "draft"):
            ids[f"{key}_slug"] = db.session.get(Posting, ids[key]).slug
        ids["employer_id"] = users["employer"].id
        ids["spare_moderator_id"] = users["spare_moderator"].id
        changer = users["email_changer"]
        ids["unsubscribe_token"] = unsubscribe_token(alerts[0])
        ids["verify_token"] = tokens.make_token(tokens.VERIFY_EMAIL, users["unverified"])
        ids["reset_token"] = tokens.make_token(tokens.RESET_PASSWORD, users["password_resetter"])
        ids["email_change_token"] = tokens.make_token(
            tokens.CHANGE_EMAIL, changer, new_email="changed@example.com", old=changer.email
        )
        db.session.remove()
    ids["code_system"], ids["code"] = "cpt", "28820"
    static = Path(world.app.static_folder)
    ids["static_file"] = min(p.relative_to(static).as_posix() for p in static.rglob("*.css"))
    ids["nowhere"] = "no/such/resource"


def build_world(app) -> World:
    world = World(app=app, clients={})
    _create_accounts(app)
    for identity in IDENTITIES:
        world.sign_in(identity)
    _build_through_the_site(world)
    _collect_ids(world)
    return world


@pytest.fixture(autouse=True)
def _clean_state():
    """Replaces the suite's per-test cleanup: the matrix's world lives for the module."""
    yield


@pytest.fixture(scope="module")
def world(app):
    try:
        yield build_world(app)
    finally:
        with app.app_context():
            db.session.rollback()
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
            db.session.remove()
        limiter.reset()
        for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"):
            path.unlink()
