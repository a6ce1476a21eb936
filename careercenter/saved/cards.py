"""The Save button on every job card: the reader's own (saved or not, a form with their
CSRF token), so a list of cards remembered for everyone (/jobs) carries a mark in its
place, filled for each request by `fill_save_controls`. The app factory makes
`save_control` a template global."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import g, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from careercenter.extensions import db
from careercenter.models import Role, SavedJob

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


# A guest's Save button: a link to log in and come back. Written here rather than in the
# template, so a list of cards costs a format per card (the /jobs page fills 20 per request).
_GUEST = (
    '<a class="button button-secondary button-small job-card-save" id="save-{id}" '
    'aria-labelledby="save-{id} job-{id}-title" href="{href}" rel="nofollow">Save</a>'
)


def _login_href() -> Markup:
    """The log-in link of a guest's Save buttons (the same for every card of a request)."""
    if "save_login_href" not in g:
        g.save_login_href = escape(url_for("auth.login", next=_here()))
    return g.save_login_href


def _control(posting_id: int) -> Markup:
    if not current_user.is_authenticated:
        return Markup(_GUEST.format(id=int(posting_id), href=_login_href()))  # noqa: S704
    if current_user.role != Role.APPLICANT:
        return Markup("")
    saved = posting_id in _saved_ids()
    html = render_template(
        "_partials/save_card_job.html", posting_id=posting_id, saved=saved, here=_here()
    )
    return Markup(html)  # noqa: S704 (a template's escaped output)


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
