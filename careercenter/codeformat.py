"""The shapes of medical codes (shared/DOMAIN.md): which code set a typed code belongs to.

This checks form only; whether a code exists is the code-reference data's job.
"""

from __future__ import annotations

import re

# Order matters: a HCPCS code (letter + 4 digits) would otherwise read as an ICD-10-CM code
# typed without its dot.
_PATTERNS = [
    ("cpt", re.compile(r"^\d{4}[0-9FT]$")),
    ("hcpcs", re.compile(r"^[A-V]\d{4}$")),
    ("icd-10-cm", re.compile(r"^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$")),
]

MAX_KEY_CODES = 25


def normalise_code(raw: str) -> str:
    return raw.strip().upper()


def code_system(code: str) -> str | None:
    """'cpt', 'hcpcs' or 'icd-10-cm' for a well-formed code, else None."""
    code = normalise_code(code)
    for system, pattern in _PATTERNS:
        if pattern.match(code):
            return system
    return None


def split_codes(text: str) -> list[str]:
    """Codes typed in one box, separated by commas, semicolons or spaces; no repeats."""
    seen: dict[str, None] = {}
    for part in re.split(r"[\s,;]+", text or ""):
        if part:
            seen.setdefault(normalise_code(part), None)
    return list(seen)
