"""Configuration, read from the environment (and optionally instance/config.py).

Three modes, chosen by CAREERCENTER_ENV: development (the default), testing and
production. Production refuses to start without a real SECRET_KEY and without the site's
public address (SITE_URL, or SERVER_NAME); elsewhere a missing SECRET_KEY is generated once
and kept in the instance folder.
"""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

# Keys that must never be accepted as a production secret (an old release's development
# key among them).
_PLACEHOLDER_SECRETS = {"", "dev", "change-me", "changeme", "secret", "dev-only-not-secret"}
# Where a generated SECRET_KEY is kept, in the instance folder.
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)


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
    SECRET_KEY: str | None = None  # unset: generated and kept in the instance folder
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by load_config()
    # query_cache_size: the statements SQLAlchemy keeps compiled, per process. A search's
    # statement has a shape of its own for each number of words and alternatives, so with
    # the default (500, pruned at 750) distinct searches filled each worker with about 95 MB
    # of compiled statements (bench/distinct_load.py); 150 keeps the page's and the code
    # pages' statements, which every request uses (3,200 searches took 206 s against 199 s).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "query_cache_size": 150}
    REDIS_URL: str | None = None
    JOBS_QUEUE = "careercenter"  # the RQ queue that web processes fill and `flask worker` empties

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
    MAX_URLENCODED_LENGTH = 512 * 1024  # security.SiteRequest
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
    # A browser that signed in keeps a signed cookie this long (auth.devices); its sign-in
    # attempts are limited apart from everyone else's for that address.
    KNOWN_DEVICE_COOKIE_NAME = "cc_device"
    KNOWN_DEVICE_MAX_AGE = int(timedelta(days=180).total_seconds())

    # Rate limits (Flask-Limiter notation)
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_LOGIN_PER_EMAIL = "5 per minute"  # per address; each known device has its own
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
    # When free code views renew: "month" (the 1st, UTC), "week" (Mondays), "day" or "never".
    CODE_VIEWS_PERIOD = "month"
    # User-agent names (comma-separated, e.g. "Googlebot,bingbot") shown full code pages
    # unmetered. Off by default: anyone can send such a user agent (README, Configuration).
    METERING_ALLOWED_CRAWLERS = ""
    CODE_REFERENCE_BASE_URL: str | None = None
    ASSISTANT_URL: str | None = None

    # The answer cache of each process (careercenter/cache.py): its size in bytes (0 turns
    # it off) and how long an answer the clock may change is kept at most.
    CACHE_MAX_BYTES = 32 * 1024 * 1024
    CACHE_SECONDS = 300
    # An answer is remembered from its Nth ask within that time (1: every answer at once).
    CACHE_MIN_ASKS = 2

    # Pay insights (careercenter.pay): no figure from fewer jobs than this; a comparison
    # widens from the state to its region, then to the country, to reach it.
    PAY_MIN_JOBS = 10
    # A change to a published job refreshes the pay figures at most this often (seconds); the
    # cron command refresh-pay catches up what came between. 0: at every change.
    PAY_REFRESH_SECONDS = 300

    # Job-page views are tallied in memory and written at most this often (seconds).
    VIEW_COUNT_INTERVAL = 5

    # The day code releases are judged by (a datetime.date; unset: today). A release whose
    # last day has passed makes code pages and the staff dashboard say a newer one applies.
    CODES_TODAY = None

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.
    PROXY_COUNT = 0

    SERVER_NAME: str | None = None
    PREFERRED_URL_SCHEME = "http"
    # The site's public address: every link in every mail is built from it, never from the
    # request. Unset, it is PREFERRED_URL_SCHEME://SERVER_NAME; production requires one.
    SITE_URL: str | None = None
    # Extra host names the site answers to besides SITE_URL's (a list, or from the
    # environment a comma-separated string); requests for any other Host get a 400.
    TRUSTED_HOSTS: list[str] | str | None = None


class DevelopmentConfig(Config):
    SITE_URL = "http://127.0.0.1:5000"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SITE_URL = "http://localhost"
    VIEW_COUNT_INTERVAL = 0
    PAY_REFRESH_SECONDS = 0


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
    SESSION_COOKIE_NAME = "__Host-cc_session"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_NAME = "__Host-cc_remember"
    KNOWN_DEVICE_COOKIE_NAME = "__Host-cc_device"
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


def check_production_site(site: str | None) -> None:
    if not site:
        raise ConfigError(
            "SITE_URL must be set in production to the site's public address (for example "
            "https://jobs.example.com): every link in every mail is built from it."
        )


def check_production_secrets(secret_key: str | None) -> None:
    if not secret_key or secret_key in _PLACEHOLDER_SECRETS or len(secret_key) < 32:
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )


def check_code_views_period(config) -> None:
    period = config.get("CODE_VIEWS_PERIOD")
    if period not in ("day", "week", "month", "never"):
        raise ConfigError(f"CODE_VIEWS_PERIOD must be day, week, month or never, not {period!r}.")


# Host names a development or test server is reached by, trusted besides the site's.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def site_url(config) -> str | None:
    """The site's public address without a trailing slash: SITE_URL, else built from
    SERVER_NAME. Refuses an address that is not an http(s) URL with a host."""
    url = config.get("SITE_URL")
    if not url and config.get("SERVER_NAME"):
        url = f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
    if not url:
        return None
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"SITE_URL must be the site's public address, like https://jobs.example.com, not {url!r}."
        )
    return url


def trusted_hosts(config, site: str | None) -> list[str]:
    """The Host names requests may use: the site's, SERVER_NAME's, the TRUSTED_HOSTS list,
    and outside production localhost and 127.0.0.1."""
    extra = config.get("TRUSTED_HOSTS") or []
    if isinstance(extra, str):
        extra = extra.replace(",", " ").split()
    hosts = [urlsplit(site).hostname] if site else []
    if config.get("SERVER_NAME"):
        hosts.append(urlsplit(f"//{config['SERVER_NAME']}").hostname)
    hosts += [host.strip().lower() for host in extra if host.strip()]
    if config.get("ENV_NAME") != "production":
        hosts += LOCAL_HOSTS
    return list(dict.fromkeys(host for host in hosts if host))


def instance_secret_key(instance_path: str | Path) -> str:
    """The key kept in the instance folder, made on first use: random, readable by the owner
    only, and written under a temporary name then linked into place, so two processes
    starting together end up with the same key (the second link fails and it reads the
    first one's)."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{SECRET_KEY_FILE}-{secrets.token_hex(8)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            with suppress(FileExistsError):  # another process made it first: use that one
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"{path} does not hold a usable key; delete it to have a new one made.")
    return key


def resolve_secret_key(config, instance_path: str | Path) -> str:
    """SECRET_KEY as configured; unset, a key kept in the instance folder (a random one per
    process when testing). Production refuses to start without a real one."""
    key = config.get("SECRET_KEY")
    if config.get("ENV_NAME") == "production":
        check_production_secrets(key)
        return key
    if key:
        return key
    if config.get("ENV_NAME") == "testing":
        return secrets.token_urlsafe(48)
    return instance_secret_key(instance_path)


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
    "CODE_VIEWS_PERIOD": str,
    "METERING_ALLOWED_CRAWLERS": str,
    "CODE_REFERENCE_BASE_URL": str,
    "ASSISTANT_URL": str,
    "SITE_URL": str,
    "TRUSTED_HOSTS": str,
    "VIEW_COUNT_INTERVAL": int,
    "CACHE_MAX_BYTES": int,
    "CACHE_SECONDS": int,
    "CACHE_MIN_ASKS": int,
    "PAY_MIN_JOBS": int,
    "PAY_REFRESH_SECONDS": int,
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
