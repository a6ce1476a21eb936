"""Request-wide protections: safe redirects, role checks and security headers."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Request, abort, current_app, request
from flask_login import current_user

from careercenter.models import Role, User

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SiteRequest(Request):
    """A urlencoded body is parsed whole, before any check runs, and Werkzeug limits it only
    by MAX_CONTENT_LENGTH (multipart forms have MAX_FORM_MEMORY_SIZE and MAX_FORM_PARTS):
    8 MB of tiny fields kept a worker busy for seconds. MAX_URLENCODED_LENGTH is far above
    the largest real form (a 20,000-character description is at most 240 kB encoded)."""

    @property
    def max_content_length(self) -> int | None:
        limit = super().max_content_length
        urlencoded = self.mimetype == "application/x-www-form-urlencoded"
        if self._max_content_length is not None or not urlencoded or not current_app:
            return limit
        form_limit = current_app.config["MAX_URLENCODED_LENGTH"]
        return form_limit if limit is None else min(limit, form_limit)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def current_account() -> User:
    """The signed-in user as the model itself (not Flask-Login's proxy), for services."""
    return current_user._get_current_object()


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (never redirect off-site)."""
    if not target or len(target) > 2000:
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def roles_required(*roles: Role):
    """Let only signed-in users with one of these roles through (guests go to log in)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            check_roles(*roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def check_roles(*roles: Role) -> None:
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    if current_user.role not in roles:
        abort(403)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    )
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages for a signed-in user, and every form page, must not be kept by shared caches.
    if (
        current_user
        and current_user.is_authenticated
        or request.method != "GET"
        or "Set-Cookie" in headers
    ) and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response
