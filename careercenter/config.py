"""Configuration, read from the environment (and optionally instance/config.py).

Three modes, chosen by CAREERCENTER_ENV: development (the default), testing and
production. Production refuses to start without a real SECRET_KEY.
"""

from __future__ import annotations

import os
from datetime import timedelta

# Keys that must never be accepted as a production secret.
_PLACEHOLDER_SECRETS = {"", "dev", "change-me", "changeme", "secret", "dev-only-not-secret"}


class ConfigError(RuntimeError):
    """Raised when the application is configured in a way that is unsafe to run."""


def normalise_database_url(url: str) -> str:
    """Accept the URL forms hosting platforms hand out and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    ENV_NAME = "development"
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (development only; production refuses it)
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by load_config()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL: str | None = None

    # Sessions and cookies
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    SESSION_COOKIE_NAME = "cc_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "cc_remember"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    SEND_FILE_MAX_AGE_DEFAULT = 31536000  # static URLs carry a content hash (static_url)

    # Mail: SMTP when MAIL_SERVER is set, otherwise messages go to instance/outbox/.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "CareerCenter <no-reply@careercenter.localhost>"
    MAIL_OUTBOX_DIR: str | None = None  # default: <instance>/outbox

    # Accounts
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 256
    PASSWORD_MIN_SCORE = 3  # zxcvbn score, 0..4
    EMAIL_VERIFY_MAX_AGE = int(timedelta(days=3).total_seconds())
    PASSWORD_RESET_MAX_AGE = int(timedelta(hours=1).total_seconds())
    EMAIL_CHANGE_MAX_AGE = int(timedelta(days=1).total_seconds())

    # Rate limits (Flask-Limiter notation)
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_LOGIN_PER_EMAIL = "5 per minute"
    RATELIMIT_RESET = "5 per minute;20 per hour"
    RATELIMIT_REGISTER = "10 per hour"
    RATELIMIT_REPORT = "5 per hour"  # reports of postings by a guest (per address)
    RATELIMIT_REPORT_ACCOUNT = "10 per day"  # reports of postings by one account

    # Moderation: reports from this many different people hide a posting until reviewed;
    # verified employers' postings may go live without review (off: every posting is read).
    REPORTS_TO_HIDE = 3
    VERIFIED_EMPLOYERS_SKIP_REVIEW = False

    # Code-reference pages: free views (a guest's, then the extra ones of an account), where
    # job pages link codes to (another host's code pages when set), and the assistant's URL.
    CODE_VIEWS_GUEST = 1
    CODE_VIEWS_REGISTERED = 5
    CODE_REFERENCE_BASE_URL: str | None = None
    ASSISTANT_URL: str | None = None

    # Search answers remembered per process (entries, seconds); 0 entries turns it off.
    SEARCH_CACHE_SIZE = 2048
    SEARCH_CACHE_SECONDS = 300

    # Job-page views are tallied in memory and written at most this often (seconds).
    VIEW_COUNT_INTERVAL = 5

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.
    PROXY_COUNT = 0

    SERVER_NAME: str | None = None
    PREFERRED_URL_SCHEME = "http"
    # The site's public address, for links in mail sent outside a request (cron, worker).
    SITE_URL = "http://127.0.0.1:5000"


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    VIEW_COUNT_INTERVAL = 0


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
    SESSION_COOKIE_NAME = "__Host-cc_session"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_NAME = "__Host-cc_remember"
    PREFERRED_URL_SCHEME = "https"
    PROXY_COUNT = 1


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(env_name: str | None) -> type[Config]:
    name = (env_name or "development").strip().lower()
    if name not in CONFIGS:
        raise ConfigError(f"CAREERCENTER_ENV={name!r} is not one of {', '.join(sorted(CONFIGS))}.")
    return CONFIGS[name]


def check_production_secrets(secret_key: str | None) -> None:
    if not secret_key or secret_key in _PLACEHOLDER_SECRETS or len(secret_key) < 32:
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )


# Environment variables read at create_app() time, with the type each is parsed as.
_ENV_SETTINGS: dict[str, type] = {
    "SECRET_KEY": str,
    "REDIS_URL": str,
    "SERVER_NAME": str,
    "PREFERRED_URL_SCHEME": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_DEFAULT_SENDER": str,
    "PROXY_COUNT": int,
    "RATELIMIT_LOGIN": str,
    "RATELIMIT_LOGIN_PER_EMAIL": str,
    "RATELIMIT_RESET": str,
    "RATELIMIT_REGISTER": str,
    "RATELIMIT_REPORT": str,
    "RATELIMIT_REPORT_ACCOUNT": str,
    "REPORTS_TO_HIDE": int,
    "VERIFIED_EMPLOYERS_SKIP_REVIEW": bool,
    "CODE_VIEWS_GUEST": int,
    "CODE_VIEWS_REGISTERED": int,
    "CODE_REFERENCE_BASE_URL": str,
    "ASSISTANT_URL": str,
    "SITE_URL": str,
    "VIEW_COUNT_INTERVAL": int,
    "SEARCH_CACHE_SIZE": int,
    "SEARCH_CACHE_SECONDS": int,
}


def settings_from_env(environ: dict[str, str] | None = None) -> dict:
    """The settings the environment gives, parsed; unset variables are left out."""
    environ = os.environ if environ is None else environ
    settings: dict = {}
    for name, kind in _ENV_SETTINGS.items():
        raw = environ.get(name)
        if raw is None or raw == "":
            continue
        if kind is bool:
            settings[name] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif kind is int:
            try:
                settings[name] = int(raw)
            except ValueError as exc:
                raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from exc
        else:
            settings[name] = raw
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(environ["DATABASE_URL"])
    return settings
