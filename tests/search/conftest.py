"""Jobs made straight through the models, published as a moderator would and indexed."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from slugify import slugify

from careercenter import geo, search
from careercenter.extensions import db
from careercenter.models import Company, Posting, PostingStatus, Role, User
from careercenter.moderation import review
from careercenter.search import parse_job_query, search_jobs
from careercenter.text import render_markdown

DESCRIPTION = (
    "Join our coding team. You will review documentation, assign codes and query "
    "providers when the record is unclear. Productivity and accuracy goals apply."
)


@pytest.fixture
def make_job(app, make_user):
    """Publish a job and index it; returns its id. Jobs are published in the order they
    are made (`days_ago` backdates the publication, for date filters)."""
    companies: dict[str, int] = {}
    admin_id = make_user(email="admin@careercenter.example", role=Role.ADMIN, name="Ada Admin")

    def company_id(name: str) -> int:
        if name not in companies:
            owner_id = make_user(
                email=f"{slugify(name)}@employer.example", role=Role.EMPLOYER, name=name
            )
            company = Company(
                owner_id=owner_id,
                name=name,
                slug=slugify(name),
                hq_city="Houston",
                hq_state="TX",
                org_type="hospital",
                size="201-1000",
            )
            db.session.add(company)
            db.session.commit()
            companies[name] = company.id
        return companies[name]

    def make(
        title="Outpatient Coder",
        description=DESCRIPTION,
        company="Riverside Health",
        zip_code="77002",
        arrangement="on-site",
        remote_states=(),
        employment_type="full-time",
        pay=("25", "30", "hour"),
        credentials=("ccs",),
        preferred=(),
        apprentice=False,
        specialties=(),
        settings=(),
        key_codes=(),
        days_ago=0,
    ) -> int:
        with app.app_context():
            place = geo.place_for_zip(zip_code)
            posting = Posting(
                company_id=company_id(company),
                status=PostingStatus.DRAFT,
                duration_days=30,
                title=title,
                slug=slugify(title),
                description_md=description,
                description_html=render_markdown(description),
                city=place.city,
                state=place.state,
                zip_code=zip_code,
                latitude=place.latitude,
                longitude=place.longitude,
                arrangement=arrangement,
                remote_states=list(remote_states),
                employment_type=employment_type,
                pay_min=Decimal(pay[0]),
                pay_max=Decimal(pay[1]),
                pay_unit=pay[2],
                credentials_required=list(credentials),
                credentials_preferred=list(preferred),
                apprentice_friendly=apprentice,
                specialties=list(specialties),
                settings=list(settings),
                code_sets=[],
                key_codes=list(key_codes),
            )
            db.session.add(posting)
            posting.submit()
            db.session.flush()
            review.approve(posting, db.session.get(User, admin_id))
            if days_ago:
                posting.published_at -= timedelta(days=days_ago)
                posting.expires_at -= timedelta(days=days_ago)
            search.index_posting(posting)
            db.session.commit()
            return posting.id

    return make


@pytest.fixture
def find(app):
    """Search as /jobs would with these parameters; returns the page of results."""

    def run(per_page=20, **params):
        with app.app_context():
            query, problems = parse_job_query({k: str(v) for k, v in params.items()})
            page = search_jobs(query, per_page=per_page)
            page.problems = problems
            page.ids = [p.id for p in page.items]
            page.titles = [p.title for p in page.items]
            return page

    return run


@pytest.fixture
def statements(app):
    """Record the SQL statements run inside a `with statements() as seen:` block."""

    @contextmanager
    def record():
        seen: list[str] = []

        def listen(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", listen)
        try:
            yield seen
        finally:
            sa.event.remove(engine, "before_cursor_execute", listen)

    return record
