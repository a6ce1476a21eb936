"""Scoring a coding check: a pure function of the expected codes, the codes given, the
employer's rules and the facts of the code data (looked up beforehand by the caller).

Per expected code, one point:
- exact match (same code, same modifiers): the whole point;
- right code, wrong or missing modifier: `credit_modifier` percent;
- right ICD-10-CM code, wrong or missing 7th character (S72.001D or S72.001 for S72.001A,
  W19 for W19.XXXA): `credit_seventh` percent;
- right category, wrong specificity (the same first four characters: E11.51 for E11.52,
  E11.5 for E11.52; ICD-10-PCS: same section, body system, root operation and body part):
  `credit_specificity` percent, only for a code that exists in the code data;
- nothing for anything else, and nothing for an invalid code (W13.XXXA) beyond the 7th
  character rule.
With `sequence_matters`, the first-listed diagnosis must be given first among the
diagnoses: if it is given elsewhere, its line loses `sequence_loss` percent of its credit.
Each given code left over costs points: `penalty_wrong_extra` percent of a point if it is
wrong, `penalty_redundant_extra` if it is merely redundant (given twice, or a heading or
modifier variant of a code that was matched). A case never scores below zero.

Each line of the sheet says why its points were or were not given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from careercenter.codeformat import compact

CM, PCS, CPT, HCPCS, MODIFIER = "icd-10-cm", "icd-10-pcs", "cpt", "hcpcs", "modifier"
LABELS = {CM: "ICD-10-CM", PCS: "ICD-10-PCS", CPT: "CPT", HCPCS: "HCPCS", MODIFIER: "modifier"}
PROCEDURES = (CPT, HCPCS)

_CPT_RE = re.compile(r"^\d{4}[0-9FTU]$")
_HCPCS_RE = re.compile(r"^[A-V]\d{4}$")
_CM_RE = re.compile(r"^[A-Z](\d[0-9A-Z]|[A-Z]\d)[0-9A-Z]{0,4}$")
_PCS_RE = re.compile(r"^[0-9A-HJ-NP-Z]{7}$")
MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")
_SPLIT_RE = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Code:
    """A code with its system: "icd-10-cm", "icd-10-pcs", "cpt" or "hcpcs"; modifiers for
    procedures. `code` is canonical (E11.52, 27257, 0DTJ4ZZ)."""

    system: str
    code: str
    modifiers: tuple[str, ...] = ()

    @property
    def compact(self) -> str:
        return compact(self.code)

    def __str__(self) -> str:
        return "-".join((self.code, *self.modifiers))

    def as_dict(self) -> dict:
        return {"system": self.system, "code": self.code, "modifiers": list(self.modifiers)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Code:
        return cls(data["system"], data["code"], tuple(data.get("modifiers") or ()))


@dataclass(frozen=True)
class Fact:
    """What the code data says of a code: whether it exists (None: its code set is only a
    sample and it is not in it), whether it is billable, and its title."""

    exists: bool | None
    billable: bool = False
    title: str = ""


@dataclass(frozen=True)
class Rules:
    sequence_matters: bool = True
    credit_specificity: int = 50
    credit_seventh: int = 50
    credit_modifier: int = 75
    sequence_loss: int = 25
    penalty_wrong_extra: int = 50
    penalty_redundant_extra: int = 10

    @classmethod
    def from_dict(cls, data: Mapping) -> Rules:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass
class Line:
    """One line of a case's score sheet."""

    expected: str | None
    given: str | None
    points: float
    possible: float
    verdict: str  # exact, partial, wrong, missing, extra, redundant
    reason: str


@dataclass
class CaseResult:
    lines: list[Line] = field(default_factory=list)
    points: float = 0.0
    possible: float = 0.0


@dataclass
class CheckResult:
    cases: list[CaseResult]
    points: float
    possible: float
    percent: float
    passed: bool

    def as_dict(self) -> dict:
        return asdict(self)


# -- reading what was typed -------------------------------------------------------------------


def candidates(token: str) -> list[Code]:
    """The codes a typed token may be, by shape, most likely first ("e1152" is E11.52;
    "BW03ZZZ" may be ICD-10-PCS or, by shape alone, ICD-10-CM)."""
    raw = token.strip().upper()
    bare = raw.replace(".", "")
    found: list[Code] = []
    if _CPT_RE.match(bare) and "." not in raw:
        found.append(Code(CPT, bare))
    if _HCPCS_RE.match(bare) and "." not in raw:
        found.append(Code(HCPCS, bare))
    if _PCS_RE.match(bare) and "." not in raw and (bare[0].isdigit() or bare[1].isalpha()):
        found.append(Code(PCS, bare))
    if _CM_RE.match(bare):
        found.append(Code(CM, bare if len(bare) == 3 else f"{bare[:3]}.{bare[3:]}"))
    if _PCS_RE.match(bare) and "." not in raw and Code(PCS, bare) not in found:
        found.append(Code(PCS, bare))
    return found


@dataclass(frozen=True)
class Typed:
    """A code as typed, with what it may be and the modifiers written after it."""

    raw: str
    options: tuple[Code, ...]
    modifiers: tuple[str, ...] = ()


def parse_answer(text: str) -> list[Typed]:
    """Codes typed in one box, in order: separated by commas, semicolons, spaces or lines;
    modifiers after a procedure code with a hyphen or a space ("27257-RT", "99213 25")."""
    items: list[Typed] = []
    for part in _SPLIT_RE.split((text or "").upper()):
        if not part:
            continue
        pieces = [p for p in part.split("-") if p]
        if not pieces:
            continue
        head, mods = (pieces[0], pieces[1:]) if not part.startswith("-") else ("", pieces)
        if head:
            options = tuple(candidates(head))
            if (
                not options
                and items
                and MODIFIER_RE.match(head)
                and any(o.system in PROCEDURES for o in items[-1].options)
            ):
                mods, head = [head, *mods], ""
            else:
                items.append(Typed(head, options, ()))
        if mods:
            if not items:
                items.append(Typed("-" + "-".join(mods), (), ()))
                continue
            last = items[-1]
            items[-1] = Typed(last.raw, last.options, last.modifiers + tuple(mods))
    return items[:60]


def resolve(typed: Typed, facts: Mapping[tuple[str, str], Fact]) -> Code | None:
    """The code a typed token is: the first of its shapes the code data knows, else the
    most likely shape; None when it has no code's shape at all."""
    if not typed.options:
        return None
    known = [o for o in typed.options if _fact(facts, o).exists]
    chosen = (known or list(typed.options))[0]
    modifiers = typed.modifiers if chosen.system in PROCEDURES else ()
    return Code(chosen.system, chosen.code, modifiers)


def _fact(facts: Mapping[tuple[str, str], Fact], code: Code) -> Fact:
    return facts.get((code.system, code.code)) or Fact(exists=False)


# -- scoring ------------------------------------------------------------------------------------


def _pct(value: int) -> float:
    return max(0, min(100, value)) / 100


def _match(expected: Code, given: Code, rules: Rules, facts) -> tuple[float, str, str] | None:
    """How much `given` earns as an answer for `expected`: (credit, verdict, reason)."""
    if given.system != expected.system:
        return None
    fact = _fact(facts, given)
    if given.code == expected.code:
        if set(given.modifiers) == set(expected.modifiers):
            return 1.0, "exact", "Exact match."
        want = ", ".join(expected.modifiers) or "none"
        got = ", ".join(given.modifiers) or "none"
        return (
            _pct(rules.credit_modifier),
            "partial",
            f"Right code, wrong modifiers: expected {want}, given {got} "
            f"({rules.credit_modifier}% credit).",
        )
    e, g = expected.compact, given.compact
    if expected.system == CM and len(e) == 7:
        if len(g) == 7 and g[:6] == e[:6]:
            return (
                _pct(rules.credit_seventh),
                "partial",
                f"Right code, wrong 7th character: {e[6]} expected, {g[6]} given "
                f"({rules.credit_seventh}% credit).",
            )
        if g == e[:6] or (len(g) < 6 and g == e[:6].rstrip("X")):
            return (
                _pct(rules.credit_seventh),
                "partial",
                f"Right code, 7th character missing ({e[6]} expected; {given.code} alone is "
                f"not a billable code) ({rules.credit_seventh}% credit).",
            )
    if expected.system in (CM, PCS) and len(e) >= 4 and len(g) >= 4 and g[:4] == e[:4]:
        if not fact.exists:
            return None
        what = (
            f"same category ({expected.code[:5]})"
            if expected.system == CM
            else "same root operation and body part"
        )
        note = "" if fact.billable else f"; {given.code} is a heading, not a billable code"
        return (
            _pct(rules.credit_specificity),
            "partial",
            f"Right category, wrong specificity: {what}, but {given.code} is “{fact.title}”"
            f"{note} ({rules.credit_specificity}% credit).",
        )
    return None


def _why_wrong(given: Code, facts) -> str:
    fact = _fact(facts, given)
    label = LABELS.get(given.system, given.system)
    if fact.exists is False:
        return f"{given.code} is not a valid {label} code."
    if given.system == CM and not fact.billable:
        return f"{given.code} is a heading, not a billable code, and not expected here."
    title = f" (“{fact.title}”)" if fact.title else ""
    return f"{given.code}{title} is not one of the expected codes."


def score_case(
    expected: list[Code],
    given: list[Code | str],
    rules: Rules,
    facts: Mapping[tuple[str, str], Fact],
) -> CaseResult:
    """Score one case. `given` holds resolved codes, or the raw text of a token that has
    no code's shape (it is an extra, wrong)."""
    result = CaseResult(possible=float(len(expected)))
    codes = [(i, g) for i, g in enumerate(given) if isinstance(g, Code)]
    # Every possible pairing with its credit; the best ones are taken first, ties going to
    # the earlier expected code and then the earlier given one.
    options = []
    for ei, exp in enumerate(expected):
        for gi, giv in codes:
            found = _match(exp, giv, rules, facts)
            if found:
                options.append((-found[0], ei, gi, found))
    options.sort(key=lambda o: o[:3])
    matched: dict[int, tuple[int, tuple[float, str, str]]] = {}
    used: set[int] = set()
    for _, ei, gi, found in options:
        if ei in matched or gi in used:
            continue
        matched[ei] = (gi, found)
        used.add(gi)

    first_dx = next((i for i, e in enumerate(expected) if e.system == CM), None)
    given_dx = [gi for gi, g in codes if g.system == CM]
    lines: list[Line] = []
    for ei, exp in enumerate(expected):
        if ei not in matched:
            lines.append(Line(str(exp), None, 0.0, 1.0, "missing", "Not given."))
            continue
        gi, (credit, verdict, reason) = matched[ei]
        if (
            rules.sequence_matters
            and ei == first_dx
            and given_dx
            and given_dx[0] != gi
            and rules.sequence_loss
        ):
            credit *= 1 - _pct(rules.sequence_loss)
            position = given_dx.index(gi) + 1
            reason += (
                f" Out of sequence: the first-listed diagnosis was given as diagnosis "
                f"number {position} ({rules.sequence_loss}% less)."
            )
            verdict = "partial"
        lines.append(Line(str(exp), str(given[gi]), round(credit, 4), 1.0, verdict, reason))

    penalties = 0.0
    matched_codes = [given[gi] for gi, _ in matched.values()]
    seen: set[str] = set()
    for gi, giv in enumerate(given):
        if gi in used:
            seen.add(str(giv))
            continue
        if not isinstance(giv, Code):
            cost = _pct(rules.penalty_wrong_extra)
            reason = f"“{giv}” is not a code."
            verdict = "extra"
        elif _redundant(giv, matched_codes, seen, facts):
            cost = _pct(rules.penalty_redundant_extra)
            reason = f"Redundant: {giv} repeats or generalises a code already given."
            verdict = "redundant"
        else:
            cost = _pct(rules.penalty_wrong_extra)
            reason = "Extra code: " + _why_wrong(giv, facts)
            verdict = "extra"
        seen.add(str(giv))
        penalties += cost
        lines.append(Line(None, str(giv), -round(cost, 4), 0.0, verdict, reason))
    earned = sum(line.points for line in lines if line.possible)
    result.lines = lines
    result.points = round(max(0.0, earned - penalties), 4)
    return result


def _redundant(code: Code, matched: list, seen: set[str], facts) -> bool:
    if str(code) in seen:
        return True
    for other in matched:
        if not isinstance(other, Code) or other.system != code.system:
            continue
        if other.code == code.code:
            return True  # the same code again with other modifiers
        if (
            code.system == CM
            and other.compact.startswith(code.compact)
            and _fact(facts, code).exists
            and not _fact(facts, code).billable
        ):
            return True  # E11.5 next to E11.52: its own heading
    return False


def score_check(
    cases: list[tuple[list[Code], list[Code | str]]],
    rules: Rules,
    facts: Mapping[tuple[str, str], Fact],
    pass_mark: int,
) -> CheckResult:
    """Score every case; the check's percent is points over expected codes, code by code."""
    results = [score_case(exp, giv, rules, facts) for exp, giv in cases]
    points = round(sum(r.points for r in results), 4)
    possible = sum(r.possible for r in results)
    percent = round(100 * points / possible, 1) if possible else 0.0
    return CheckResult(results, points, possible, percent, percent >= pass_mark)
