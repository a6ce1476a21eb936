"""Signed, expiring links for email verification, password reset and email change.

Each purpose has its own salt, so a link made for one purpose is refused by another.
Reset links also carry a fingerprint of the current password hash: once the password
changes, every older reset link stops working.
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


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_token(purpose: str, user: User, **extra: str) -> str:
    payload = {"uid": user.id, **extra}
    if purpose == RESET_PASSWORD:
        payload["pw"] = _fingerprint(user.password_hash)
    if purpose == VERIFY_EMAIL:
        payload["email"] = user.email
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
    if purpose == RESET_PASSWORD and not hmac.compare_digest(
        str(payload.get("pw", "")), _fingerprint(user.password_hash)
    ):
        raise TokenInvalid()
    if purpose == VERIFY_EMAIL and payload.get("email") != user.email:
        raise TokenInvalid()
    return user, payload
