"""The Save button on every job card: the reader's own (saved or not, a form with their
CSRF token), so a list of cards remembered for everyone (/jobs) carries a mark in its
place, filled for each request by `fill_save_controls`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import g, render_template, request
from flask_login import current_user
from markupsafe import Markup

from careercenter.extensions import db
from careercenter.models import Role, SavedJob
from careercenter.saved import bp

MARK = "<!--save-job:{}-->"
MARKS = re.compile(r"<!--save-job:(\d+)-->")


def _saved_ids() -> set[int]:
    """The jobs the signed-in coder saved, read once a request."""
    if "saved_job_ids" not in g:
        g.saved_job_ids = set(
            db.session.scalars(
                sa.select(SavedJob.posting_id).where(SavedJob.user_id == current_user.id)
            )
        )
    return g.saved_job_ids


def _here() -> str:
    return request.full_path.rstrip("?")


def _control(posting_id: int) -> Markup:
    if current_user.is_authenticated and current_user.role != Role.APPLICANT:
        return Markup("")
    saved = current_user.is_authenticated and posting_id in _saved_ids()
    html = render_template(
        "_partials/save_card_job.html", posting_id=posting_id, saved=saved, here=_here()
    )
    return Markup(html)  # noqa: S704 (a template's escaped output)


@bp.app_template_global()
def save_control(posting) -> Markup:
    """The Save button of a card, or its mark while `deferred_save_controls` is set."""
    if g.get("defer_save_controls"):
        return Markup(MARK.format(int(posting.id)))  # noqa: S704 (an integer)
    return _control(posting.id)


@contextmanager
def deferred_save_controls() -> Iterator[None]:
    """While rendering cards that are remembered for every reader: marks, not buttons."""
    g.defer_save_controls = True
    try:
        yield
    finally:
        g.defer_save_controls = False


def fill_save_controls(html: str) -> Markup:
    """A remembered list of cards with each mark replaced by this reader's Save button."""
    return Markup(MARKS.sub(lambda m: str(_control(int(m.group(1)))), html))  # noqa: S704
