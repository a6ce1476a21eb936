"""Companies and postings made directly through the models and the postings services, for
the tests of the API, the feed, the sitemap and the JSON-LD: `jobs.company(...)`,
`jobs.posting(company, state="filled", title=...)`.

Every posting goes through the real lifecycle (submit, a moderator's approval, the search
index), so what the tests read is what the site would show.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from careercenter import geo, search
from careercenter.auth.services import create_user
from careercenter.extensions import db
from careercenter.models import Company, Posting, Role, User, utcnow
from careercenter.models.posting import ApplyMethod
from careercenter.moderation import review
from careercenter.postings import services
from tests.conftest import STRONG_PASSWORD

DESCRIPTION = (
    "Code **orthopaedic** surgery for our foot and ankle team: bunion correction, toe "
    "amputations (28820) and diabetic gangrene cases (E11.52) from the wound clinic."
)


def posting_values(**overrides) -> dict:
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
    def __init__(self, app):
        self.app = app
        self._count = 0

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
        self._count += 1
        with self.app.app_context():
            owner = create_user(
                email=f"employer{self._count}@example.com",
                name="Erin Employer",
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
                hq_city="Denver",
                hq_state="CO",
                org_type="physician-group",
                size="201-1000",
                **fields,
            )
            db.session.add(company)
            db.session.commit()
            return company.id

    def posting(self, company_id: int, state: str = "open", **overrides) -> int:
        """A posting in `state`: open, draft, submitted, rejected, expired (recorded by
        the expiry command), lapsed (past its date, not yet recorded), filled or closed."""
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
            if state in ("expired", "lapsed"):
                posting.published_at = utcnow() - timedelta(days=40)
                posting.expires_at = utcnow() - timedelta(days=10)
                search.index_posting(posting)  # the index keeps its own copy of the dates
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
