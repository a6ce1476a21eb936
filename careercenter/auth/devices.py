"""Known devices: a browser that has signed in to an account before.

A successful sign-in leaves a signed, long-lived cookie naming a random device id and (as a
keyed hash) the account's address. The per-address sign-in limit counts such a browser's
attempts in a bucket of its own, so that someone guessing at an address from elsewhere uses
up that address's attempts, but not those of its owner's own browsers (see auth.routes).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from careercenter.models.user import normalise_email

_SALT = "known-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _address_tag(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def known_device(email: str) -> str | None:
    """The id of this browser when it has signed in to the account of `email` before."""
    cookie = request.cookies.get(current_app.config["KNOWN_DEVICE_COOKIE_NAME"])
    if not cookie or not email:
        return None
    try:
        payload = _serializer().loads(cookie, max_age=current_app.config["KNOWN_DEVICE_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("d"), str):
        return None
    if not hmac.compare_digest(str(payload.get("a", "")), _address_tag(email)):
        return None
    return payload["d"]


def remember_device(response: Response, email: str) -> Response:
    """Mark this browser as one the account of `email` signs in from."""
    cfg = current_app.config
    device = known_device(email) or secrets.token_urlsafe(16)
    response.set_cookie(
        cfg["KNOWN_DEVICE_COOKIE_NAME"],
        _serializer().dumps({"d": device, "a": _address_tag(email)}),
        max_age=cfg["KNOWN_DEVICE_MAX_AGE"],
        secure=cfg["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
