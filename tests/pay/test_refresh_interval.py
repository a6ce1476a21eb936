"""A busy board does not recompute the pay figures at every change: at most every
PAY_REFRESH_SECONDS, and refresh-pay (cron) brings in what came between."""

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import PayPoint


def points(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(PayPoint))


def test_changes_between_refreshes_wait_for_the_next_one(app, post_job, publish):
    publish(post_job())
    assert points(app) == 1  # the first change refreshes (testing: no interval)
    app.config["PAY_REFRESH_SECONDS"] = 300
    try:
        publish(post_job(title="Second Ortho Coder"))
        assert points(app) == 1  # refreshed a moment ago: this change waits
        result = app.test_cli_runner().invoke(args=["refresh-pay"])
        assert result.exit_code == 0
        assert points(app) == 2
    finally:
        app.config["PAY_REFRESH_SECONDS"] = 0
