"""The demo world: big and varied enough to show the product, with facts that are right,
the same on every run, and written once however often the seed runs."""

import io
from collections import Counter
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PIL import Image

from careercenter import codeformat, demo_world
from careercenter.demo import DEMO_PASSWORD
from careercenter.extensions import db
from careercenter.models import (
    Application,
    ApplicationStatus,
    Company,
    Posting,
    PostingStatus,
    Report,
    Role,
    SavedSearch,
    User,
)
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    SETTINGS,
    SPECIALTIES,
)
from tests.conftest import Auth


@pytest.fixture(scope="module")
def plans():
    return demo_world.plan_jobs()


def _published(plans):
    return [p for p in plans if p.outcome == "published"]


def test_the_world_is_big_enough_to_browse(plans):
    published = _published(plans)
    assert len(published) >= 300
    assert len({p.employer.name for p in published}) >= 40
    assert len({p.values["state"] for p in published}) >= 30


def test_every_specialty_setting_credential_arrangement_and_type_has_jobs(plans):
    published = _published(plans)
    assert {s for p in published for s in p.values["specialties"]} == set(SPECIALTIES)
    assert {s for p in published for s in p.values["settings"]} == set(SETTINGS)
    named = {
        c
        for p in published
        for c in p.values["credentials_required"] + p.values["credentials_preferred"]
    }
    assert named == set(CREDENTIALS)
    assert {p.values["arrangement"] for p in published} == set(ARRANGEMENTS)
    assert {p.values["employment_type"] for p in published} == set(EMPLOYMENT_TYPES)
    assert {p.values["pay_unit"] for p in published} == {"hour", "year", "chart"}


def test_the_plan_is_the_same_on_every_run(plans):
    again = demo_world.plan_jobs()
    assert [(p.employer.name, p.title, p.values, p.age_days) for p in again] == [
        (p.employer.name, p.title, p.values, p.age_days) for p in plans
    ]


def test_titles_are_unique_per_employer_and_varied(plans):
    keys = Counter((p.employer.name, p.title) for p in plans)
    assert max(keys.values()) == 1
    assert len({p.title.split(" – ")[0] for p in plans}) >= 50


def test_pay_follows_the_credential_and_setting(plans):
    for plan in plans:
        low, high, unit = plan.values["pay_min"], plan.values["pay_max"], plan.values["pay_unit"]
        assert Decimal(0) < low < high
        if unit == "hour":
            assert Decimal("15") <= low and high <= Decimal("80"), plan.title
        elif unit == "year":
            assert Decimal("35000") <= low and high <= Decimal("160000"), plan.title
        else:
            assert Decimal("0.5") <= low and high <= Decimal("5"), plan.title
        if plan.role.key == "apprentice" and unit == "hour":
            assert Decimal("15") <= low and high <= Decimal("26"), (plan.title, low, high)
        if plan.role.key == "drg" and unit == "year":
            assert Decimal("55000") <= low and high <= Decimal("110000"), (plan.title, low, high)


def test_publication_dates_spread_over_the_last_sixty_days_and_jobs_are_open(plans):
    ages = [p.age_days for p in plans]
    assert min(ages) >= 0 and max(ages) < 60
    assert len({int(age // 10) for age in ages}) == 6  # every ten-day stretch has jobs
    for plan in plans:
        assert plan.values["duration_days"] <= 90
        assert plan.values["duration_days"] > plan.age_days


def test_the_texts_get_the_facts_right(plans):
    for plan in plans:
        text = plan.values["description_md"]
        # The -A comes off on proof of experience: there is no "apprentice-removal exam".
        assert "removal exam" not in text.lower() and "exam fee" not in text.lower()
        for code in plan.values["key_codes"]:
            assert codeformat.code_system(code) in ("cpt", "icd-10-cm", "hcpcs"), code
        if plan.values["apprentice_friendly"]:
            assert "cpc-a" in plan.values["credentials_required"]
    apprentice = next(p for p in plans if p.role.key == "apprentice")
    assert "two years of coding experience" in apprentice.values["description_md"]
    # Inpatient coders use ICD-10-CM and PCS, not CPT; E/M coders use CPT office visits.
    for plan in plans:
        if plan.role.key == "drg":
            assert "cpt" not in plan.values["code_sets"]
            assert all(codeformat.code_system(c) == "icd-10-cm" for c in plan.values["key_codes"])


def test_each_employer_gets_its_own_logo():
    logos = [demo_world.draw_logo(e.name) for e in demo_world.EMPLOYERS]
    assert len(set(logos)) == len(logos)
    with Image.open(io.BytesIO(logos[0])) as image:
        assert image.format == "PNG" and image.size == (160, 160)
    assert demo_world.draw_logo("Lakeshore Medical Center") == demo_world.draw_logo(
        "Lakeshore Medical Center"
    )


def _counts():
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (User, Company, Posting, Application, SavedSearch, Report)
    }


def test_the_world_is_written_once_with_every_pipeline_state(app, make_user):
    make_user(email="moderator@careercenter.example", role=Role.MODERATOR, name="Sam Okafor")
    messages = []
    with app.app_context():
        counter = demo_world.seed_world(DEMO_PASSWORD, messages.append)
        assert counter.created > 400 and counter.logos >= 40
        first = _counts()
        assert first["Company"] >= 40
        assert first["Report"] >= 3 and first["SavedSearch"] >= 5
        statuses = set(db.session.scalars(sa.select(Application.status)))
        assert statuses == set(ApplicationStatus)
        published = db.session.scalar(
            sa.select(sa.func.count()).where(Posting.status == PostingStatus.PUBLISHED)
        )
        assert published >= 300
        others = set(db.session.scalars(sa.select(Posting.status)))
        assert {PostingStatus.SUBMITTED, PostingStatus.REJECTED, PostingStatus.DRAFT} <= others
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(Company.logo_version.is_(None))) == 0
        )
        again = demo_world.seed_world(DEMO_PASSWORD, messages.append)
        assert again.created == 0 and again.logos == 0
        assert _counts() == first
    assert any("330/330 jobs" in m for m in messages)  # progress was told
    client = app.test_client()
    employer = demo_world.EMPLOYERS[0].email
    assert Auth(client).login(email=employer, password=DEMO_PASSWORD).status_code == 303
    assert client.get("/").status_code == 200
    coder = app.test_client()
    email = demo_world.CODERS[0].email
    assert Auth(coder).login(email=email, password=DEMO_PASSWORD).status_code == 303
    home = coder.get("/").get_data(as_text=True)
    assert "Jobs that match your profile" in home and "You meet" in home
    guest = app.test_client().get("/jobs").get_data(as_text=True)
    assert "job-card" in guest
    company = demo_world.EMPLOYERS[0]
    logo = app.test_client().get(f"/companies/{company.slug}")
    assert logo.status_code == 200
