"""The demo world gives moderators something to do: a scam-looking job in the queue and a
coder's report, added once however often the seed runs."""

from __future__ import annotations

import html

import sqlalchemy as sa

from careercenter import demo
from careercenter.extensions import db
from careercenter.models import Posting, Report, User


def test_the_demo_moderation_items_are_seeded_once(app, jobs, make_user, moderator):
    jobs.posting(jobs.company(), title=demo.DEMO_REPORT[1])
    make_user(email="hr@quickcoderemote.example", name="Jordan Miles", role="employer")
    make_user(email="james.chen@example.com", name="James Chen")
    with app.app_context():
        users = {
            email: db.session.scalar(sa.select(User).where(User.email == email))
            for email in ("hr@quickcoderemote.example", "james.chen@example.com")
        }
        assert demo._seed_moderation(users) == 3
        assert demo._seed_moderation(users) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1
        assert (
            db.session.scalar(
                sa.select(Posting.status).where(Posting.title == demo.DEMO_SCAM_POSTING["title"])
            ).value
            == "submitted"
        )
    queue = html.unescape(moderator.get("/admin/postings?sort=signals").get_data(as_text=True))
    for signal in (
        "Asks applicants for money",
        "Moves the talk to a chat app",
        "Personal or mismatched email",
        "No real pay range",
        "Brand-new employer",
    ):
        assert signal in queue, signal
    assert "Reported by 1 person" in html.unescape(
        moderator.get("/admin/reports").get_data(as_text=True)
    )
