"""CareerCenter: the job board of a medical-coding reference site."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, has_request_context, render_template, request
from flask_login import current_user
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from careercenter import config as config_module
from careercenter.extensions import cache as answer_cache  # not `cache`: the module's name
from careercenter.extensions import csrf, db, limiter, login_manager, migrate
from careercenter.postings import views_counter

PACKAGE_DIR = Path(__file__).resolve().parent
# The register_* steps below import the app's parts when the app is built, not when this
# package is: each blueprint package imports its routes, its routes reach services across
# the site, and the command line and the job worker import create_app from here. Imported
# at the top, the parts would come in whatever order the first importer chose, and the
# cycles between blueprint packages would break the import.


def resource_dir(name: str) -> Path:
    """templates/, static/ or migrations/: at the repository's top in a checkout (and an
    editable install), inside the package in a built wheel."""
    in_checkout, in_wheel = PACKAGE_DIR.parent / name, PACKAGE_DIR / name
    return in_wheel if not in_checkout.is_dir() and in_wheel.is_dir() else in_checkout


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """The application. `instance_path` (default: ./instance) holds the SQLite database,
    the generated secret key, the outbox and instance/config.py."""
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    env_name = (test_config or {}).get("ENV_NAME") or os.environ.get("CAREERCENTER_ENV")
    app.config.from_object(config_module.config_for(env_name))
    # instance/config.py may hold site-specific settings; the environment wins over it.
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config_module.settings_from_env())
    if test_config:
        app.config.update(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        sqlite_path = Path(app.instance_path) / "careercenter.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_path}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"timeout": 15},
            "pool_pre_ping": False,  # a file: no server to have dropped the connection
        }
    app.config["SECRET_KEY"] = config_module.resolve_secret_key(app.config, app.instance_path)
    site = config_module.site_url(app.config)
    if app.config["ENV_NAME"] == "production":
        config_module.check_production_site(site)
    app.config["SITE_URL"] = site
    config_module.check_code_views_period(app.config)
    # Werkzeug refuses (400) a request whose Host (or trusted X-Forwarded-Host) is not one
    # of these; mail links never depend on it anyway (careercenter.mail.site_url).
    app.config["TRUSTED_HOSTS"] = config_module.trusted_hosts(app.config, site)

    limiter_storage = app.config.get("REDIS_URL") or "memory://"
    app.config.setdefault("RATELIMIT_STORAGE_URI", limiter_storage)

    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)


def _configure_sqlite(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def register_extensions(app: Flask) -> None:
    from careercenter.auth.services import load_session_user
    from careercenter.security import SiteRequest

    app.request_class = SiteRequest  # a urlencoded body's own size limit

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_session_user)
    answer_cache.init_app(app)  # careercenter/cache.py
    views_counter.init_app(app)  # job-page views, tallied in memory and written in batches

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _configure_sqlite)


class _DatabaseIntConverter(IntegerConverter):
    """<int:...> in every route stops at the largest id a database column holds, so a
    huge number in an address is a 404 rather than a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = _DatabaseIntConverter
    from careercenter import (
        account,
        admin,
        api,
        applicants,
        auth,
        codes,
        employers,
        main,
        pay,
        postings,
    )

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(employers.bp)
    app.register_blueprint(postings.bp)
    app.register_blueprint(codes.bp)
    app.register_blueprint(applicants.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(pay.bp)


def register_errorhandlers(app: Flask) -> None:
    from careercenter.errors import register_errorhandlers as register
    from careercenter.security import set_security_headers

    register(app)
    app.after_request(set_security_headers)


def register_template_helpers(app: Flask) -> None:
    from careercenter.checks.template_helpers import template_helpers as check_helpers
    from careercenter.codes.linkify import code_page_url, code_url, link_codes
    from careercenter.formatting import FILTERS
    from careercenter.navigation import PageLinks, nav_links, page_url
    from careercenter.saved.cards import save_control

    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["link_codes"] = link_codes
    app.jinja_env.globals["code_url"] = code_url
    app.jinja_env.globals["code_page_url"] = code_page_url
    app.extensions["page_links"] = app.jinja_env.globals["url_for"] = PageLinks()
    app.jinja_env.globals["save_control"] = save_control
    app.context_processor(check_helpers)

    static_urls: dict[tuple[str, str], str] = {}

    def static_url(filename: str) -> str:
        """A static file's URL with a content hash, so browsers may cache it for a year;
        built once per file and script root (every page asks for the same few)."""
        if not has_request_context() or app.debug:
            return _static_url(filename)
        key = (request.script_root, filename)
        if key not in static_urls:
            static_urls[key] = _static_url(filename)
        return static_urls[key]

    def _static_url(filename: str) -> str:
        path = Path(app.static_folder) / filename
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        return page_url("static", filename=filename, v=version)

    footers: dict[str, Markup] = {}

    def site_footer() -> Markup:
        """The site's footer, rendered once per script root: it depends on nothing else."""
        root = request.script_root if has_request_context() else ""
        if root not in footers or app.debug:
            html = render_template("_partials/site_footer.html")
            footers[root] = Markup(html)  # noqa: S704 (a template's escaped output)
        return footers[root]

    @app.context_processor
    def inject_helpers():
        return {
            # The request's user itself, not Flask-Login's proxy (which looks the user up
            # again at each of the dozen places a page reads it); registered after the
            # extensions, so this one is what templates see.
            "current_user": current_user._get_current_object(),
            "nav_links": nav_links,
            "site_footer": site_footer,
            "static_url": static_url,
            "has_endpoint": lambda endpoint: endpoint in app.view_functions,
        }


def register_commands(app: Flask) -> None:
    from careercenter.cli import register

    register(app)
