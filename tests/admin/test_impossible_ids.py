"""Ids that cannot be ids (too large for the column, negative, words) in the moderators'
forms and addresses: a clear refusal, never a database error. Run on SQLite and on
PostgreSQL, where 2**63 overflowed a bigint."""

from __future__ import annotations

import html

import pytest

from careercenter.models import PostingStatus, Role
from tests.conftest import post_form
from tests.moderation.conftest import posting

NOT_IDS = [str(2**63), str(2**31), "9" * 40, "-1", "0", "abc", "1e3", " 7", "+7", "٣"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_bulk_approve_refuses_what_is_no_job_id_with_a_400(app, post_job, moderator, value):
    waiting = post_job()
    data = {"posting_ids": [str(waiting), value]}
    response = post_form(moderator, "/admin/postings/approve", data)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Some of the ticked jobs are not jobs of this queue." in page
    assert "Tick at least one job" not in page
    with app.app_context():
        assert posting(waiting).status is PostingStatus.SUBMITTED  # nothing half-done


def test_bulk_approve_takes_the_largest_id_a_column_holds(app, post_job, moderator):
    waiting = post_job()
    data = {"posting_ids": [str(waiting), str(2**31 - 1)]}
    response = post_form(moderator, "/admin/postings/approve", data)
    assert response.status_code == 303
    page = html.unescape(moderator.get(response.location).get_data(as_text=True))
    assert "Published 1 job." in page and "1 of the ticked jobs no longer exist." in page


@pytest.mark.parametrize("value", [str(2**63), "-1", "abc"])
def test_the_audit_filter_refuses_what_is_no_target_number(moderator, value):
    response = moderator.get(f"/admin/audit?target_type=posting&target_id={value}")
    assert response.status_code == 422
    assert "Target number" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/postings/{}"),
        ("post", "/admin/postings/{}/approve"),
        ("post", "/admin/postings/{}/reject"),
        ("post", "/admin/postings/{}/request-changes"),
        ("post", "/admin/postings/{}/keep"),
        ("post", "/admin/postings/{}/take-down"),
        ("get", "/admin/accounts/{}"),
        ("post", "/admin/accounts/{}/suspend"),
        ("post", "/admin/accounts/{}/reinstate"),
        ("post", "/admin/accounts/{}/verify"),
        ("post", "/admin/staff/{}/revoke"),
    ],
)
@pytest.mark.parametrize("value", [str(2**63), str(2**31), "-1", "abc"])
def test_admin_addresses_with_no_id_answer_404(client, login_as, method, path, value):
    login_as(Role.ADMIN)
    admin, url = client, path.format(value)
    response = admin.get(url) if method == "get" else post_form(admin, url)
    assert response.status_code == 404, url
