"""The password policy: long enough, not too long to hash, and hard to guess.

Guessability is judged by zxcvbn, a maintained strength estimator that knows common
passwords, names, keyboard patterns, dates and the user's own details.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from zxcvbn import zxcvbn

# zxcvbn's cost grows with length; it judges the first part, and a passphrase this long
# is strong by length alone.
_ZXCVBN_MAX_CHARS = 72


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why this password is refused, in words a person can act on; None when it is fine."""
    min_len = current_app.config["PASSWORD_MIN_LENGTH"]
    max_len = current_app.config["PASSWORD_MAX_LENGTH"]
    if len(password) < min_len:
        return (
            f"Use at least {min_len} characters. A passphrase of a few unrelated words works well."
        )
    if len(password) > max_len:
        return f"Use at most {max_len} characters."
    if not password.strip():
        return "A password cannot be only spaces."
    inputs = [part for value in user_inputs if value for part in _split_input(value)]
    result = zxcvbn(password[:_ZXCVBN_MAX_CHARS], user_inputs=inputs)
    if result["score"] >= current_app.config["PASSWORD_MIN_SCORE"]:
        return None
    feedback = result.get("feedback") or {}
    reason = feedback.get("warning") or "This password is too easy to guess."
    suggestions = " ".join(feedback.get("suggestions") or [])
    if not reason.endswith("."):
        reason += "."
    return f"{reason} {suggestions}".strip() if suggestions else reason


def _split_input(value: str) -> list[str]:
    """The email's parts and the name's words, so that none of them makes a password."""
    value = value.lower()
    parts = [value]
    if "@" in value:
        local, _, domain = value.partition("@")
        parts += [local, domain.split(".")[0]]
    parts += value.replace("@", " ").replace(".", " ").split()
    return parts
