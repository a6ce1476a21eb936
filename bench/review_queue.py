"""Time the review queue and a posting's review page when employers submit huge edits.

In-process (Flask test client) on a fresh SQLite database in a temporary folder: N
published postings, each then edited (a 400-line description with every line changed by one
character, or a 20,000-character rewrite), then the queue and each review page are fetched
and timed. Also times the diff itself on the same texts, and (with --old) the line diff the
queue used before (difflib.ndiff), for comparison.

    .venv/bin/python bench/review_queue.py --postings 10 --kind lines
    .venv/bin/python bench/review_queue.py --postings 10 --kind rewrite --old
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PASSWORD = "orange-stapler-harbor-42"  # noqa: S105 (a throwaway database)


def _texts(kind: str) -> tuple[str, str]:
    if kind == "lines":
        before = "\n".join(f"Line {n:03d}: code outpatient charts a" for n in range(400))
        after = "\n".join(f"Line {n:03d}: code outpatient charts b" for n in range(400))
    else:
        before = "Code charts. " * 1500 + "x" * 500
        after = "Code notes! " * 1600 + "y" * 800
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10)
    parser.add_argument("--kind", choices=["lines", "rewrite"], default="lines")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old", action="store_true", help="also time difflib.ndiff")
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from careercenter import create_app, geo
    from careercenter.auth.services import create_user
    from careercenter.extensions import db
    from careercenter.models import Company, Posting, Role
    from careercenter.models.posting import ApplyMethod
    from careercenter.moderation import review
    from careercenter.postings import services

    tmp = Path(tempfile.mkdtemp(prefix="review-bench-"))
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "MAIL_SERVER": None,
            "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
            "REDIS_URL": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": None,
            "WTF_CSRF_ENABLED": False,
        }
    )
    before, after = _texts(args.kind)
    with app.app_context():
        upgrade()
        moderator = create_user(
            email="mod@bench.example", name="Mod", password=PASSWORD,
            role=Role.MODERATOR, verified=True,
        )  # fmt: skip
        owner = create_user(
            email="hr@bench.example", name="HR", password=PASSWORD,
            role=Role.EMPLOYER, verified=True,
        )  # fmt: skip
        company = Company(
            owner=owner, name="Bench Health", slug="bench-health", hq_city="Denver",
            hq_state="CO", org_type="hospital", size="201-1000",
        )  # fmt: skip
        db.session.add(company)
        db.session.commit()
        place = geo.place_for_zip("80202")
        values = {
            "title": "Inpatient Coder", "description_md": before,
            "zip_code": place.zip_code, "city": place.city, "state": place.state,
            "latitude": place.latitude, "longitude": place.longitude,
            "arrangement": "remote", "remote_states": [], "employment_type": "full-time",
            "pay_min": Decimal("25.00"), "pay_max": Decimal("32.00"), "pay_unit": "hour",
            "credentials_required": ["ccs"], "credentials_preferred": [],
            "apprentice_friendly": False, "specialties": ["inpatient-drg"],
            "settings": ["hospital-inpatient"], "code_sets": ["icd-10-cm"],
            "years_experience": 2, "key_codes": [], "apply_method": ApplyMethod.ON_SITE,
            "apply_url": None, "duration_days": 30,
        }  # fmt: skip
        submit_times = []
        for _ in range(args.postings):
            posting = services.create_posting(company, values, submit=True)
            review.approve(posting, moderator)
            started = time.perf_counter()
            services.update_posting(posting, {**values, "description_md": after}, submit=False)
            submit_times.append(time.perf_counter() - started)
        ids = db.session.scalars(sa.select(Posting.id)).all()
        moderator_id = moderator.id

        started = time.perf_counter()
        lines, omitted = review.line_changes(before, after)
        diff_time = time.perf_counter() - started
        if args.old:
            started = time.perf_counter()
            list(difflib.ndiff(before.splitlines(), after.splitlines()))
            old_time = time.perf_counter() - started

    client = app.test_client()
    login = client.post("/login", data={"email": "mod@bench.example", "password": PASSWORD})
    assert login.status_code in (302, 303), (login.status_code, moderator_id)

    def timed(path: str) -> list[float]:
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            runs.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        return runs

    queue = timed("/admin/postings")
    page = timed(f"/admin/postings/{ids[0]}")
    print(f"kind={args.kind} postings={args.postings} text={len(before)}→{len(after)} chars")
    print(f"diff (line_changes): {diff_time * 1000:.2f} ms, {len(lines)} lines shown, "
          f"{omitted} left out")  # fmt: skip
    if args.old:
        print(f"old diff (difflib.ndiff): {old_time * 1000:.0f} ms per posting")
    print(f"edit submitted (diff stored): median {statistics.median(submit_times) * 1000:.1f} ms")
    print(f"/admin/postings ({args.postings} edits): median {statistics.median(queue) * 1000:.1f} ms, "
          f"max {max(queue) * 1000:.1f} ms")  # fmt: skip
    print(f"/admin/postings/<id>: median {statistics.median(page) * 1000:.1f} ms, "
          f"max {max(page) * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
