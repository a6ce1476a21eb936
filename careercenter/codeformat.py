"""The shapes of medical codes (shared/DOMAIN.md), the one home for them: which code set a
typed code belongs to, its canonical form for a page address, its compact form (no dot).

This checks form only; whether a code exists is the code-reference data's job
(careercenter/codes/). A leaf module: forms, formatting and the code services all read it.
"""

from __future__ import annotations

import re

from careercenter.models import CodeSystem

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
MAX_CODE_LENGTH = 20

# A letter, then two letters or digits (I1A, QA0: not always a digit second), at least one
# a digit; then up to four more after the dot.
_ICD_RE = re.compile(r"^(?=.{0,2}\d)[A-Z][0-9A-Z]{2}([0-9A-Z]{1,4})?$")
_ICD_BLOCK_RE = re.compile(r"^[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}$")


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


def compact(code: str) -> str:
    """A code without its dot, upper-case: "E11.9" is "E119" (MedicalCode.compact)."""
    return code.replace(".", "").strip().upper()


def canonical(system: CodeSystem, code: str) -> str | None:
    """The stable form of a code for its page address, or None if it cannot be one."""
    code = (code or "").strip().upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        return None
    if system is CodeSystem.ICD10CM:
        if re.fullmatch(r"\d{1,2}", code) or _ICD_BLOCK_RE.match(code):
            return code  # a chapter number or a block range
        bare = compact(code)
        if not _ICD_RE.match(bare):
            return None
        return bare if len(bare) == 3 else f"{bare[:3]}.{bare[3:]}"
    if system is CodeSystem.ICD10PCS:
        # A body system (0D), a table (0DT) or a code (0DTJ4ZZ): never I or O.
        return code if re.fullmatch(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{1,6}", code) else None
    if system is CodeSystem.MODIFIER:
        code = code.removeprefix("-")  # "-25" as written after a code
    if not re.fullmatch(r"[A-Z0-9]{2,7}", code):
        return None
    return code


def looks_like_code(token: str) -> bool:
    token = compact(token)
    return bool(token) and any(ch.isdigit() for ch in token) and token.isalnum()
