"""The test factories, one set for every folder: accounts, companies, postings, profiles
and applications.

Two ways in, for two kinds of test:

- **Through the site**, as people would (`employer`, `post_job`, `publish`, `coder_client`,
  `open_job`, `apply_to`, `applied`): the forms, the CSRF tokens and the redirects run for
  real, and the browsers stay signed in for the test to act with. For tests of what the
  employer, the coder or the moderator does next.
- **Through the services** (`make_user`, `jobs.company()`, `jobs.posting(company, state=...)`,
  and `make_job(...)`, its shorthand for an open job of a named company): a posting in any
  state, fast, with no browser. Every posting still goes through the real lifecycle (submit,
  a moderator's approval, the search index), so what a test reads is what the site shows.

The form data (COMPANY_FORM, POSTING_FORM, PROFILE_FORM) and files (PDF, png_bytes,
docx_bytes) are here too. tests/conftest.py loads this module as a plugin.
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PIL import Image
from slugify import slugify

from careercenter import geo, search
from careercenter.auth.services import create_user
from careercenter.extensions import db
from careercenter.models import Application, Company, Posting, Role, User, utcnow
from careercenter.models.posting import ApplyMethod
from careercenter.moderation import review
from careercenter.postings import services
from tests.conftest import STRONG_PASSWORD, Auth, post_form

# -- form data and files ------------------------------------------------------------------

COMPANY_FORM = {
    "name": "Summit Orthopaedic Partners",
    "website": "https://summitortho.example",
    "org_type": "physician-group",
    "size": "201-1000",
    "hq_city": "Denver",
    "hq_state": "CO",
    "about": "We are **orthopaedic** surgeons.",
    "notify_mode": "each",
}

POSTING_FORM = {
    "title": "Orthopaedic Surgery Coder (CPC or COSC)",
    "description": "Code foot and ankle surgery: bunion correction, toe amputations (28820) "
    "and more, with E11.52 diabetic gangrene cases from the wound clinic.",
    "zip_code": "80202",
    "city": "",
    "state": "CO",
    "arrangement": "hybrid",
    "employment_type": "full-time",
    "pay_min": "26.00",
    "pay_max": "33.00",
    "pay_unit": "hour",
    "credentials_required": ["cpc", "cosc"],
    "specialties": ["orthopaedics"],
    "settings": ["physician-practice"],
    "code_sets": ["cpt", "icd-10-cm"],
    "years_experience": "2",
    "key_codes": "28820, e11.52, J1100",
    "apply_method": "on-site",
    "apply_url": "",
    "duration_days": "30",
}

PROFILE_FORM = {
    "full_name": "Maria Alvarez",
    "headline": "CPC with 4 years of orthopaedic surgery coding",
    "zip_code": "80202",
    "credentials-0-credential": "cpc",
    "credentials-0-number": "01234567",
    "credentials-0-expires_on": "2030-12-31",
    "credentials-1-credential": "",
    "years_experience": "4",
    "specialties": ["orthopaedics"],
    "settings": ["physician-practice"],
    "code_sets": ["cpt", "icd-10-cm"],
    "tools": ["epic"],
    "arrangements": ["remote", "hybrid"],
    "employment_types": ["full-time"],
    "desired_pay": "30",
    "desired_pay_unit": "hour",
}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def png_bytes(size=(600, 300), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, format=fmt)
    return out.getvalue()


# -- accounts -----------------------------------------------------------------------------


@pytest.fixture
def make_user(app):
    """Create an account directly, verified unless asked otherwise; returns its id."""

    def make(
        email="coder@example.com",
        role=Role.APPLICANT,
        name="Casey Coder",
        password=STRONG_PASSWORD,
        verified=True,
    ):
        with app.app_context():
            user = create_user(
                email=email, name=name, password=password, role=role, verified=verified
            )
            db.session.commit()
            return user.id

    return make


# -- through the site ---------------------------------------------------------------------


def latest_posting_id(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(Posting.id)))


def submit_posting(app, client, submit: bool = True, **overrides) -> int:
    """Fill in the posting form in `client`, an employer's browser; returns the job's id.
    `submit=False` saves a draft."""
    data = {**POSTING_FORM, **overrides}
    data["submit_for_review" if submit else "save_draft"] = "y"
    response = post_form(client, "/employer/postings/new", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return latest_posting_id(app)


def save_profile(client, resume=("resume.pdf", PDF), **overrides):
    """Fill in the coder's profile form (PROFILE_FORM) in `client`, with a resume."""
    data = {**PROFILE_FORM, **overrides}
    if resume is not None:
        data["resume_file"] = (io.BytesIO(resume[1]), resume[0])
    return post_form(client, "/me/profile", data, content_type="multipart/form-data")


@pytest.fixture
def employer(client, login_as):
    """`client` signed in as an employer that has a company profile."""
    login_as(Role.EMPLOYER, email="talent@summitortho.example")
    response = post_form(client, "/employer/company", COMPANY_FORM)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


@pytest.fixture
def post_job(app, employer):
    """Post a job as the employer through the posting form; returns its id."""

    def post(submit=True, **overrides):
        return submit_posting(app, employer, submit, **overrides)

    return post


@pytest.fixture
def moderator(app, make_user):
    """A second browser, signed in as a moderator."""
    client = app.test_client()
    make_user(email="mod@careercenter.example", role=Role.MODERATOR)
    assert Auth(client).login(email="mod@careercenter.example").status_code == 303
    return client


@pytest.fixture
def publish(moderator):
    """Approve a submitted job as the moderator would; returns its id."""

    def approve(posting_id):
        # Ticking that the warning signs were checked, as approving a job with a strong
        # scam signal asks (the journeys publish one to report it later).
        response = post_form(
            moderator, f"/admin/postings/{posting_id}/approve", {"checked_signals": "y"}
        )
        assert response.status_code == 303
        return posting_id

    return approve


@pytest.fixture
def rival(app, make_user):
    """Another employer, signed in in a browser of its own."""
    client = app.test_client()
    make_user(email="rival@example.com", name="Rival Coding Co", role=Role.EMPLOYER)
    assert Auth(client).login(email="rival@example.com").status_code == 303
    return client


@pytest.fixture
def coder_client(app, make_user):
    """A browser signed in as Maria, a coder with a profile and a PDF resume."""
    client = app.test_client()
    make_user(email="maria@example.com", name="Maria Alvarez", role=Role.APPLICANT)
    Auth(client).login(email="maria@example.com")
    assert save_profile(client).status_code == 303
    return client


@pytest.fixture
def open_job(post_job, publish):
    """A published job of the `employer` fixture."""
    return publish(post_job())


def apply_to(client, posting_id: int, cover_letter="I code orthopaedic surgery every day.", **form):
    """Apply on the site in `client`, a coder's browser with a profile, sending the
    profile's resume; returns the answer (a redirect)."""
    data = {"resume_choice": "profile", "cover_letter": cover_letter, **form}
    response = post_form(client, f"/jobs/{posting_id}/apply/on-site", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def latest_application_id(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(Application.id)))


@pytest.fixture
def applied(app, coder_client, open_job) -> int:
    """Maria has applied to the employer's open job, through the site: the application's id."""
    apply_to(coder_client, open_job)
    return latest_application_id(app)


# -- through the services -----------------------------------------------------------------

DESCRIPTION = (
    "Code **orthopaedic** surgery for our foot and ankle team: bunion correction, toe "
    "amputations (28820) and diabetic gangrene cases (E11.52) from the wound clinic."
)


def posting_values(**overrides) -> dict:
    """What the posting form would hand the postings service, with `overrides`."""
    zip_code = overrides.pop("zip_code", "80202")
    place = geo.place_for_zip(zip_code)
    assert place is not None, zip_code
    values = {
        "title": "Orthopaedic Surgery Coder",
        "description_md": DESCRIPTION,
        "zip_code": zip_code,
        "city": place.city,
        "state": place.state,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "arrangement": "on-site",
        "remote_states": [],
        "employment_type": "full-time",
        "pay_min": Decimal("26.00"),
        "pay_max": Decimal("33.00"),
        "pay_unit": "hour",
        "credentials_required": ["cpc", "cosc"],
        "credentials_preferred": [],
        "apprentice_friendly": False,
        "specialties": ["orthopaedics"],
        "settings": ["physician-practice"],
        "code_sets": ["cpt", "icd-10-cm"],
        "years_experience": 2,
        "key_codes": ["28820", "E11.52"],
        "apply_method": ApplyMethod.ON_SITE,
        "apply_url": None,
        "duration_days": 30,
    }
    values.update(overrides)
    return values


class Jobs:
    """Companies and postings made through the models and the postings services:
    `jobs.company(...)`, `jobs.posting(company, state="filled", title=...)`."""

    def __init__(self, app):
        self.app = app
        self._count = 0
        self._named: dict[str, int] = {}

    def _admin(self) -> User:
        admin = db.session.scalar(db.select(User).where(User.email == "admin@example.com"))
        return admin or create_user(
            email="admin@example.com",
            name="Ada Admin",
            password=STRONG_PASSWORD,
            role=Role.ADMIN,
            verified=True,
        )

    def company(self, name: str = "Summit Orthopaedic Partners", **fields) -> int:
        """A new company (and its owner's account); returns its id."""
        self._count += 1
        with self.app.app_context():
            owner = create_user(
                email=fields.pop("owner_email", f"employer{self._count}@example.com"),
                name=fields.pop("owner_name", "Erin Employer"),
                password=STRONG_PASSWORD,
                role=Role.EMPLOYER,
                verified=True,
            )
            company = Company(
                owner=owner,
                name=name,
                slug=fields.pop("slug", f"company-{self._count}"),
                website=fields.pop("website", "https://summitortho.example"),
                about_md="",
                about_html="",
                hq_city=fields.pop("hq_city", "Denver"),
                hq_state=fields.pop("hq_state", "CO"),
                org_type=fields.pop("org_type", "physician-group"),
                size="201-1000",
                **fields,
            )
            db.session.add(company)
            db.session.commit()
            return company.id

    def company_named(self, name: str) -> int:
        """The company of that name made by this factory, made on first use."""
        if name not in self._named:
            slug = slugify(name)
            self._named[name] = self.company(
                name,
                slug=slug,
                owner_email=f"{slug}@employer.example",
                owner_name=name,
                hq_city="Houston",
                hq_state="TX",
                org_type="hospital",
                website=None,
            )
        return self._named[name]

    def posting(self, company_id: int, state: str = "open", days_ago: int = 0, **overrides) -> int:
        """A posting in `state`: open, draft, submitted, rejected, expired (recorded by
        the expiry command), lapsed (past its date, not yet recorded), filled or closed.
        `days_ago` backdates an open job's publication (for date filters and order)."""
        with self.app.app_context():
            company = db.session.get(Company, company_id)
            posting = services.create_posting(
                company, posting_values(**overrides), submit=state != "draft"
            )
            admin = self._admin()
            if state == "rejected":
                review.reject(posting, admin, "Asks applicants to pay for training.")
            elif state not in ("draft", "submitted"):
                review.approve(posting, admin)
            if days_ago:
                posting.published_at -= timedelta(days=days_ago)
                posting.expires_at -= timedelta(days=days_ago)
                search.index_posting(posting)  # the index keeps its own copy of the dates
                db.session.commit()
            if state in ("expired", "lapsed"):
                posting.published_at = utcnow() - timedelta(days=40)
                posting.expires_at = utcnow() - timedelta(days=10)
                search.index_posting(posting)
                db.session.commit()
                if state == "expired":
                    services.expire_due()
            elif state == "filled":
                services.mark_filled(posting)
            elif state == "closed":
                services.close(posting)
            return posting.id

    def update(self, model, object_id: int, **fields) -> None:
        """Change columns directly (dates, suspension) the way time or staff would."""
        with self.app.app_context():
            row = db.session.get(model, object_id)
            for name, value in fields.items():
                setattr(row, name, value)
            db.session.commit()

    def get(self, posting_id: int) -> Posting:
        with self.app.app_context():
            posting = db.session.get(Posting, posting_id)
            posting.company  # noqa: B018 -- load it before leaving the session
            db.session.expunge_all()
            return posting


@pytest.fixture
def jobs(app) -> Jobs:
    return Jobs(app)


PLAIN_DESCRIPTION = (
    "Join our coding team. You will review documentation, assign codes and query "
    "providers when the record is unclear. Productivity and accuracy goals apply."
)


@pytest.fixture
def make_job(jobs):
    """`jobs.posting` in short, for the search tests: an open job of the company named
    `company`, with plain defaults that match no particular search; returns its id.
    Jobs are published in the order they are made (`days_ago` backdates one)."""

    def make(
        title="Outpatient Coder",
        description=PLAIN_DESCRIPTION,
        company="Riverside Health",
        zip_code="77002",
        pay=("25", "30", "hour"),
        credentials=("ccs",),
        preferred=(),
        apprentice=False,
        remote_states=(),
        specialties=(),
        settings=(),
        key_codes=(),
        **overrides,
    ) -> int:
        return jobs.posting(
            jobs.company_named(company),
            title=title,
            description_md=description,
            zip_code=zip_code,
            pay_min=Decimal(pay[0]),
            pay_max=Decimal(pay[1]),
            pay_unit=pay[2],
            credentials_required=list(credentials),
            credentials_preferred=list(preferred),
            apprentice_friendly=apprentice,
            remote_states=list(remote_states),
            specialties=list(specialties),
            settings=list(settings),
            code_sets=[],
            key_codes=list(key_codes),
            years_experience=None,
            **overrides,
        )

    return make
