"""The shapes of medical codes (shared/DOMAIN.md): which code set a typed code belongs to.

This checks form only; whether a code exists is the code-reference data's job.
"""

from __future__ import annotations

import re

# Order matters: a HCPCS code (letter + 4 digits) would otherwise read as an ICD-10-CM code
# typed without its dot. CPT: Category I (5 digits), II (nnnnF), III (nnnnT) and
# Proprietary Laboratory Analyses (nnnnU). ICD-10-CM: a letter, then a digit and a digit or
# letter (U07.1, I10, C4A) or a letter and a digit (QA0); a modifier is written "-25".
_PATTERNS = [
    ("cpt", re.compile(r"^\d{4}[0-9FTU]$")),
    ("hcpcs", re.compile(r"^[A-V]\d{4}$")),
    ("icd-10-cm", re.compile(r"^[A-Z](\d[0-9A-Z]|[A-Z]\d)(\.[0-9A-Z]{1,4})?$")),
    ("modifier", re.compile(r"^-[0-9A-Z]{2}$")),
    # ICD-10-PCS: seven characters, 0-9 and A-Z but I and O, sections 0-9, B-D, F-H, X,
    # with a digit among them ("CHANGES" is a word).
    ("icd-10-pcs", re.compile(r"^(?=.*\d)[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}$")),
]
# "modifier 25", "mod. RT", "modifier-59" and a code's own "99213-25": key codes "-25".
_NAMED_MODIFIER_RE = re.compile(r"\bmod(?:ifier)?s?\b\.?\s*[-:]?\s*([0-9A-Z]{2})\b", re.I)
_CODE_MODIFIER_RE = re.compile(r"\b(\d{4}[0-9FTU]|[A-V]\d{4})((?:-[0-9A-Z]{2})+)(?![\w-])", re.I)

MAX_KEY_CODES = 25


def normalise_code(raw: str) -> str:
    return raw.strip().upper()


def code_system(code: str) -> str | None:
    """'cpt', 'hcpcs', 'icd-10-cm', 'modifier' or 'icd-10-pcs' for a well-formed code,
    else None."""
    code = normalise_code(code)
    for system, pattern in _PATTERNS:
        if pattern.match(code):
            return system
    return None


def split_codes(text: str) -> list[str]:
    """Codes typed in one box, separated by commas, semicolons or spaces; no repeats.
    Modifiers come out as "-25", whether typed "-25", "modifier 25" or "99213-25"."""
    text = _NAMED_MODIFIER_RE.sub(r" -\1 ", text or "")
    text = _CODE_MODIFIER_RE.sub(lambda m: f"{m[1]} {m[2].replace('-', ' -')}", text)
    seen: dict[str, None] = {}
    for part in re.split(r"[\s,;]+", text):
        if part:
            seen.setdefault(normalise_code(part), None)
    return list(seen)
