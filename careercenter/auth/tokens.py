"""Signed, expiring links for email verification, password reset and email change.

Each purpose has its own salt, so a link made for one purpose is refused by another.
Every link also carries a fingerprint of the account as it was when the link was made: its
email, its password hash and its credentials version (raised by each change of either).
Once any of them changes, every older link stops working: a reset link after the password
was reset with it or after the email changed, a change-email link replayed after the
address went A to B and back to A.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from careercenter.extensions import db
from careercenter.models import User

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 (a salt name, not a secret)
CHANGE_EMAIL = "change-email"


class TokenInvalid(Exception):
    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def account_fingerprint(user: User) -> str:
    """What a link was made for: the account's email, password and credentials version."""
    state = "\x1f".join(
        [str(user.id), user.email, user.password_hash, str(user.credentials_version or 0)]
    )
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def make_token(purpose: str, user: User, **extra: str) -> str:
    payload = {**extra, "uid": user.id, "fp": account_fingerprint(user)}
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict:
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenInvalid(expired=True) from exc
    except BadSignature as exc:
        raise TokenInvalid() from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise TokenInvalid()
    return payload


def user_for_token(purpose: str, token: str, max_age: int) -> tuple[User, dict]:
    """The user a link was made for, checked against the account's current state."""
    payload = read_token(purpose, token, max_age)
    user = db.session.get(User, payload["uid"])
    if user is None:
        raise TokenInvalid()
    if not hmac.compare_digest(str(payload.get("fp", "")), account_fingerprint(user)):
        raise TokenInvalid()
    return user, payload
