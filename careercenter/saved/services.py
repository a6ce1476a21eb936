"""Saved jobs and saved searches, as a coder keeps them."""

from __future__ import annotations

from urllib.parse import urlencode

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from careercenter import search
from careercenter.extensions import db
from careercenter.models import AlertFrequency, Posting, SavedJob, SavedSearch, User

MAX_ALERTS = 25
_UNSUBSCRIBE_SALT = "job-alert-unsubscribe"


class SaveRefused(Exception):
    """Why a save could not be made, in words for the coder."""


# -- saved jobs -------------------------------------------------------------------------------


def is_saved(user: User, posting: Posting) -> bool:
    return db.session.get(SavedJob, (user.id, posting.id)) is not None


def save_job(user: User, posting: Posting) -> None:
    if is_saved(user, posting):
        return
    db.session.add(SavedJob(user_id=user.id, posting_id=posting.id))
    try:
        db.session.commit()
    except IntegrityError:  # saved twice at once: once is what the coder wanted
        db.session.rollback()


def unsave_job(user: User, posting_id: int) -> None:
    db.session.execute(
        sa.delete(SavedJob).where(SavedJob.user_id == user.id, SavedJob.posting_id == posting_id)
    )
    db.session.commit()


def saved_jobs_of(user: User) -> list[SavedJob]:
    return db.session.scalars(
        sa.select(SavedJob)
        .where(SavedJob.user_id == user.id)
        .options(joinedload(SavedJob.posting).joinedload(Posting.company))
        .order_by(SavedJob.created_at.desc())
    ).all()


# -- saved searches ---------------------------------------------------------------------------


def canonical_query(args) -> tuple[search.JobQuery, str]:
    """The search as the engine understood it, and its canonical query string (no page,
    nothing the engine dropped)."""
    query, _ = search.parse_job_query(MultiDict(args))
    pairs = {k: v for k, v in query.to_args(page=1).items() if k != "page" and v not in ("", None)}
    return query, urlencode(sorted(pairs.items()))


def describe(query: search.JobQuery) -> str:
    """A name for an alert: the filters as the search page shows them."""
    labels = [f.label for f in query.active_filters()]
    return ("; ".join(labels) or "All medical coding jobs")[:120]


def alerts_of(user: User) -> list[SavedSearch]:
    return db.session.scalars(
        sa.select(SavedSearch)
        .where(SavedSearch.user_id == user.id)
        .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
    ).all()


def alert_of(user: User, alert_id: int) -> SavedSearch | None:
    return db.session.scalar(
        sa.select(SavedSearch).where(SavedSearch.id == alert_id, SavedSearch.user_id == user.id)
    )


def create_alert(
    user: User, *, query_string: str, name: str, frequency: AlertFrequency
) -> SavedSearch:
    query, canonical = canonical_query(MultiDict(_parse_qs(query_string)))
    existing = db.session.scalar(
        sa.select(SavedSearch).where(
            SavedSearch.user_id == user.id, SavedSearch.query_string == canonical
        )
    )
    if existing is not None:
        existing.frequency = frequency
        existing.active = True
        if name:
            existing.name = name
        db.session.commit()
        return existing
    count = db.session.scalar(sa.select(sa.func.count()).where(SavedSearch.user_id == user.id))
    if count >= MAX_ALERTS:
        raise SaveRefused(
            f"You have {MAX_ALERTS} job alerts, the most we keep. Delete one to add another."
        )
    alert = SavedSearch(
        user_id=user.id,
        name=name or describe(query),
        query_string=canonical,
        frequency=frequency,
    )
    db.session.add(alert)
    db.session.commit()
    return alert


def update_alert(alert: SavedSearch, *, frequency: AlertFrequency, active: bool) -> None:
    alert.frequency = frequency
    alert.active = active
    db.session.commit()


def set_alert_active(alert: SavedSearch, active: bool) -> None:
    """Turn an alert on or off (the unsubscribe link, its undo); nothing if it already is."""
    if alert.active != active:
        alert.active = active
        db.session.commit()


def delete_alert(alert: SavedSearch) -> None:
    db.session.delete(alert)
    db.session.commit()


def _parse_qs(query_string: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query_string or "", keep_blank_values=False, max_num_fields=40)


def alert_args(alert: SavedSearch) -> MultiDict:
    return MultiDict(_parse_qs(alert.query_string))


# -- unsubscribe links ------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(alert: SavedSearch) -> str:
    """A link token naming one alert, signed with the secret key: it needs no login,
    never expires, and cannot be made for another alert."""
    return _serializer().dumps(alert.id)


def alert_from_token(token: str) -> SavedSearch | None:
    if len(token) > 200:
        return None
    try:
        alert_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(alert_id, int):
        return None
    return db.session.get(SavedSearch, alert_id)
