"""The moderation transitions on the posting model: what each allows, and hiding."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.models import PostingStatus, TransitionError, User
from tests.moderation.conftest import posting


@pytest.fixture
def load(app, jobs):
    """A posting in the given state and its reviewer, in an app context."""

    def make(state: str):
        posting_id = jobs.posting(jobs.company(), state=state)
        ctx = app.app_context()
        ctx.push()
        reviewer = db.session.scalar(db.select(User).where(User.email == "admin@example.com"))
        return posting(posting_id), reviewer, ctx

    contexts = []

    def tracked(state: str):
        job, reviewer, ctx = make(state)
        contexts.append(ctx)
        return job, reviewer

    yield tracked
    for ctx in reversed(contexts):
        ctx.pop()


@pytest.mark.parametrize("state", ["submitted", "open"])
def test_changes_may_be_requested_in_review_or_once_published(load, state):
    job, reviewer = load(state)
    job.request_changes(reviewer, "Changes requested: add the remote states.")
    assert job.status is PostingStatus.REJECTED
    assert job.allowed_actions() == ["edit", "submit", "close"]


@pytest.mark.parametrize("state", ["draft", "rejected", "filled"])
def test_changes_cannot_be_requested_from_other_states(load, state):
    job, reviewer = load(state)
    with pytest.raises(TransitionError):
        job.request_changes(reviewer, "Fix it")


@pytest.mark.parametrize("state", ["submitted", "open", "expired", "filled", "closed"])
def test_public_or_submitted_jobs_can_be_taken_down(load, state):
    job, reviewer = load(state)
    job.take_down(reviewer, "Scam")
    assert job.status is PostingStatus.REJECTED and not job.is_public


@pytest.mark.parametrize("state", ["draft", "rejected"])
def test_unpublished_jobs_cannot_be_taken_down(load, state):
    job, reviewer = load(state)
    with pytest.raises(TransitionError):
        job.take_down(reviewer, "Scam")


def test_sending_back_needs_words(load):
    job, reviewer = load("submitted")
    with pytest.raises(ValueError, match="needs a reason"):
        job.request_changes(reviewer, "  ")


def test_a_hidden_job_is_neither_public_nor_open_until_reviewed(load):
    job, reviewer = load("open")
    job.hide()
    assert job.is_hidden and not job.is_public and not job.is_open()
    assert job.public_status() is PostingStatus.PUBLISHED  # hidden is not expired
    assert job.allowed_actions() == ["edit", "fill", "close"]
    job.keep(reviewer)
    assert job.is_public and job.is_open() and job.reviewed_by is reviewer
