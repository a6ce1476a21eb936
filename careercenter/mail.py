"""The one place mail leaves from.

With MAIL_SERVER set, messages go out through SMTP. Without it, each message is written
as an .eml file to the outbox folder (instance/outbox by default), where a person can read
it and tests can assert on it.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import unicodedata
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from time import time_ns

from flask import current_app, render_template, url_for

log = logging.getLogger(__name__)


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def site_request_context():
    """A request context on the site's configured address (SITE_URL), so that
    `url_for(..., _external=True)` builds the site's real links: outside a request (a cron
    command, a worker), and inside one too, where the Host the client sent must never end
    up in a mailed link."""
    return current_app.test_request_context(base_url=current_app.config["SITE_URL"])


def site_url(endpoint: str, **values) -> str:
    """The absolute link to `endpoint` on the site's configured address, for mail."""
    with site_request_context():
        return url_for(endpoint, _external=True, **values)


def header_text(value: str, max_length: int = 200) -> str:
    """User text made safe for a mail header (a subject, a list name): every run of
    whitespace or control characters (line and paragraph separators too) becomes one
    space, and the result is cut to `max_length` characters."""
    cleaned = "".join(
        " " if ch.isspace() or unicodedata.category(ch)[0] in "CZ" else ch for ch in value
    )
    return " ".join(cleaned.split())[:max_length]


def send_mail(
    to: str, subject: str, template: str, *, headers: dict[str, str] | None = None, **context
) -> EmailMessage | None:
    """Send one message; returns it, or None when it could not be sent.

    A mail that cannot go out (the SMTP server down, a header it refuses) never undoes or
    hides what the caller has already saved: the failure is logged, without the address,
    subject or body, and the caller may look at the result (an alert that must be retried).
    """
    try:
        message = EmailMessage()
        message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
        message["To"] = to
        message["Subject"] = header_text(subject)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="careercenter")
        for name, value in (headers or {}).items():
            message[name] = header_text(value, max_length=2000)
        with site_request_context():
            message.set_content(render_template(template, **context))

        if current_app.config.get("MAIL_SERVER"):
            _send_smtp(message)
        else:
            _write_to_outbox(message)
    except Exception as exc:  # noqa: BLE001 (any failure: the caller's work is saved)
        # The exception's text may quote the address or the subject: only its kind is logged.
        log.error("mail not sent: %s (%s)", template, type(exc).__name__)
        return None
    # Log that a message went, never its body: it may hold a sign-in link.
    log.info("mail sent: %s", template)
    return message


def _send_smtp(message: EmailMessage) -> None:
    cfg = current_app.config
    smtp_class = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=15) as smtp:
        if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _write_to_outbox(message: EmailMessage) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Named to sort by time and to be unique within it.
    path = folder / f"{time_ns()}-{secrets.token_hex(4)}.eml"
    path.write_bytes(bytes(message))
