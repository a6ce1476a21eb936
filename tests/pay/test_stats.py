"""The pay figures: quantiles against a hand-computed fixture, each job counted once,
hourly and yearly together but per-chart apart, and the minimum-count widening."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import PayPoint, PayStat, Posting, utcnow
from careercenter.moderation import review
from careercenter.pay import stats
from careercenter.postings import services
from tests.factories import posting_values
from tests.pay.conftest import COMMON, FIXTURE


def figures(app, kind="annual", **group) -> stats.Figures | None:
    with app.app_context():
        row = db.session.scalar(
            sa.select(PayStat).where(PayStat.kind == kind, PayStat.grp == stats.group_key(**group))
        )
        return stats.Figures.from_row(row) if row else None


def test_percentiles_interpolate_between_sorted_values():
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert [stats.percentile(values, q) for q in stats.QUANTILES] == [14, 20, 30, 40, 46]
    assert stats.percentile([7.0], 0.9) == 7


def test_figures_match_the_hand_computed_fixture(app, fixture_jobs):
    for group in ({}, {"credential": "cpc", "setting": "physician-practice",
                       "place": "state:CO"}, {"place": "region:west"}):  # fmt: skip
        found = figures(app, **group)
        assert (found.p10, found.p25, found.p50, found.p75, found.p90) == (
            47008,
            52000,
            55000,
            62400,
            69960,
        ), group
        assert found.count == 5
        assert found.hourly_count == 3


def test_per_chart_pay_is_reported_apart_never_in_yearly_figures(app, fixture_jobs):
    chart = figures(app, "chart")
    assert chart.count == 1 and chart.p50 == 1.75
    assert figures(app).count == 5  # the per-chart job is not among the yearly ones
    with app.app_context():
        kinds = dict(db.session.execute(sa.select(PayPoint.posting_id, PayPoint.kind)).all())
    assert kinds[fixture_jobs[-1]] == "chart"
    assert {kinds[i] for i in fixture_jobs[:-1]} == {"annual"}


def test_a_job_counts_once_however_often_it_is_edited_or_renewed(app, jobs):
    company = jobs.company()
    posting_id = jobs.posting(company, **COMMON, **FIXTURE[0])
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        admin = db.session.get(Posting, posting_id).reviewed_by
        # An edit of the pay: back to review, then approved again.
        values = posting_values(**COMMON, pay_min=Decimal("40"), pay_max=Decimal("44"),
                                pay_unit="hour")  # fmt: skip
        services.update_posting(posting, values, submit=True)
        review.approve(posting, admin)
        # Past its date, expired, renewed and approved again.
        posting.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        services.expire_due()
        services.renew(posting)
        review.approve(posting, admin)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PayPoint)) == 1
    assert figures(app).count == 1
    assert figures(app).p50 == 42 * 2080  # the pay it has now


def test_closed_filled_and_expired_jobs_still_count_but_hidden_or_old_ones_do_not(app, jobs):
    company = jobs.company()
    for state in ("open", "closed", "filled", "expired"):
        jobs.posting(company, state=state, **COMMON)
    jobs.posting(company, state="submitted", **COMMON)
    jobs.posting(company, state="draft", **COMMON)
    assert figures(app).count == 4
    old = jobs.posting(company, **COMMON)
    jobs.update(Posting, old, published_at=utcnow() - timedelta(days=400))
    with app.app_context():
        stats.refresh()
        db.session.commit()
    assert figures(app).count == 4


def test_the_cron_command_refreshes_the_figures(app, jobs):
    company = jobs.company()
    posting_id = jobs.posting(company, **COMMON)
    jobs.update(Posting, posting_id, published_at=utcnow() - timedelta(days=400))
    assert figures(app).count == 1  # a direct change: nothing refreshed yet
    result = app.test_cli_runner().invoke(args=["refresh-pay"])
    assert result.exit_code == 0, result.output
    assert "Pay statistics refreshed from 0 jobs." in result.output
    assert figures(app) is None


def test_a_comparison_widens_from_state_to_region_to_country_and_says_so(app, jobs):
    company = jobs.company()
    for zip_code in ("80202", "80301", "98101"):  # Denver and Boulder CO, Seattle WA
        jobs.posting(company, zip_code=zip_code, **COMMON)
    jobs.posting(company, zip_code="77002", **COMMON)  # Houston TX
    with app.app_context():

        def compare(state, remote=False):
            return stats.compare(kind="annual", credential="cpc",
                                 setting="physician-practice", state=state, remote=remote)  # fmt: skip

        colorado = compare("CO")
        assert colorado.place == "region:west" and colorado.figures.count == 3
        assert colorado.widening_note == (
            "Fewer than 3 similar jobs in Colorado (Colorado: 2 jobs), so this compares "
            "with the West."
        )
        texas = compare("TX")
        assert texas.place is None and texas.figures.count == 4
        assert "the South: 1 job" in texas.widening_note
        assert compare("WA").label == "CPC physician practice jobs in the West"
        assert compare(None, remote=True).place is None  # no remote job: the whole country


@pytest.mark.parametrize("minimum, expected", [(4, 4), (5, None)])
def test_no_figure_from_fewer_jobs_than_the_minimum(app, jobs, monkeypatch, minimum, expected):
    monkeypatch.setitem(app.config, "PAY_MIN_JOBS", minimum)
    company = jobs.company()
    for _ in range(4):
        jobs.posting(company, **COMMON)
    with app.app_context():
        found = stats.compare(kind="annual", credential="cpc", setting=None, state="CO",
                              remote=False)  # fmt: skip
        assert (found.figures.count if found else None) == expected
