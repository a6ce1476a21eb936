"""The one place mail leaves from.

With MAIL_SERVER set, messages go out through SMTP. Without it, each message is written
as an .eml file to the outbox folder (instance/outbox by default), where a person can read
it and tests can assert on it.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from contextlib import nullcontext
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from time import time_ns

from flask import current_app, has_request_context, render_template

log = logging.getLogger(__name__)


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def site_request_context():
    """Outside a request (a cron command, a worker), a request context on SITE_URL so that
    `url_for(..., _external=True)` builds the site's real links."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["SITE_URL"])


def send_mail(
    to: str, subject: str, template: str, *, headers: dict[str, str] | None = None, **context
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="careercenter")
    for name, value in (headers or {}).items():
        message[name] = value
    with site_request_context():
        message.set_content(render_template(template, **context))

    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_to_outbox(message)
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
