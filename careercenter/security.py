"""Request-wide protections: safe redirects, role checks and security headers."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, request
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
