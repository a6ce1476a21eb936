"""Code mentions in job descriptions become links to their code pages.

Only codes that exist are linked, and never inside an existing link, <code> or <pre>.
The input is HTML we sanitised ourselves (careercenter.text.render_markdown).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from flask import current_app, url_for
from markupsafe import Markup, escape

from careercenter import codeformat
from careercenter.codeformat import canonical
from careercenter.codes.lookup import find_codes
from careercenter.codes.metering import job_token
from careercenter.models import CodeSystem
from careercenter.navigation import page_url
from careercenter.vocabulary import US_STATES

# Codes as they appear in prose: CPT (5 characters: nnnnn, nnnnF, nnnnT, nnnnU), HCPCS
# (letter + 4 digits) and ICD-10-CM codes (U07.1, QA0.0101; a bare three-character one only
# when it is billable, I10: "E11" or "G20" in prose is too often something else), each
# maybe with modifiers ("99213-25"); modifiers also alone ("-RT", "modifier 25").
_CODE = r"\d{4}[0-9FTU]|[A-V]\d{4}|[A-Z](?:\d[0-9A-Z]|[A-Z]\d)(?:\.[0-9A-Z]{1,4})?"
MENTION_RE = re.compile(
    rf"(?<![\w$.,/-])(?P<code>{_CODE})(?P<modifiers>(?:-[0-9A-Z]{{2}})*)(?![\w/-]|[.,]\d)"
    r"|(?<![\w-])-(?P<modifier>[0-9A-Z]{2})(?![\w/-]|[.,]\d)"
    r"|\b(?i:mod(?:ifier)?s?)\b\.?\s*(?P<named>[0-9A-Z]{2})(?![\w/-]|[.,]\d)"
)
_STATES = "|".join(US_STATES)
# Five digits that are a ZIP code, an amount of money or part of a phone number, by what
# comes before ("Denver, CO 80202", "ZIP 80202", "salary 65000", "call 12345") or after
# ("65000 per year", "80202-1234").
_NOT_A_CODE_BEFORE = re.compile(
    rf"(?:\b(?:{_STATES})\.?,?\s+"
    r"|(?i:\b(?:zip|zip\s*code|postal\s*code|phone|tel|telephone|mobile|cell|call|text|fax"
    r"|ext|extension|salary|pay|pays|wage|wages|compensation|income|bonus|usd|budget)\b)"
    r"[^A-Za-z\n]{0,12}(?:(?i:of|is|to|from|about|around|up\s+to|at)\b[^A-Za-z\n]{0,4})?"
    r"|\(\d{3}\)\s*|[$\u00a3\u20ac]\s*)$"
)
_NOT_A_CODE_AFTER = re.compile(
    r"^(?:-\d|\s*(?i:per|a|an|/|each)\s*(?:year|yr|annum|month|mo|week|wk|hour|hr)\b"
    r"|\s*(?i:usd|dollars|annually|yearly|k)\b)"
)
_SKIP_TAGS = {"a", "code", "pre"}


_PLAIN_CODE = re.compile(r"[A-Za-z0-9.\-]+")


def code_page_url(system: str, code: str) -> str:
    """url_for("codes.code", system=..., code=...) for the code pages' own links
    (breadcrumbs, children, tables): a page links up to hundreds of codes, nearly all new
    to the URL map's memo (navigation.PageLinks) when readers open distinct codes, so a code
    whose address needs no escaping is put after the code index's address."""
    if _PLAIN_CODE.fullmatch(code) and _PLAIN_CODE.fullmatch(system):
        return f"{page_url('codes.index')}{system}/{code}"
    return page_url("codes.code", system=system, code=code)


def code_url(system: str, code: str, posting=None) -> str:
    """The code page's address: this site's, or the shared reference site's when
    CODE_REFERENCE_BASE_URL is set. From a job page (`posting`), with the token that opens
    that code without spending a free view (codes.metering.job_token)."""
    token = None
    if posting is not None and getattr(posting, "id", None) is not None:
        wanted = canonical(CodeSystem(system), code)
        token = job_token(posting.id, system, wanted) if wanted else None
    base = current_app.config.get("CODE_REFERENCE_BASE_URL")
    if base:
        return f"{base.rstrip('/')}/{system}/{code}" + (
            f"?{urlencode({'job': token})}" if token else ""
        )
    return url_for("codes.code", system=system, code=code, job=token)


def mention_system(text: str) -> CodeSystem | None:
    system = codeformat.code_system(text)
    return CodeSystem(system) if system else None


class _Linker(HTMLParser):
    def __init__(self, known: set[tuple[CodeSystem, str]], posting=None):
        super().__init__(convert_charrefs=True)
        self.known = known
        self.posting = posting
        self.out: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip_depth:
            self.out.append(str(escape(data)))
            return
        position = 0
        for start, end, system, code in _mentions(data):
            if (system, code) not in self.known:
                continue
            if len(code) == 3 and system is CodeSystem.ICD10CM and not self.known[system, code]:
                continue  # a bare heading: "E11" in prose is too often something else
            self.out.append(str(escape(data[position:start])))
            label = f"{system.label} code {code}"
            self.out.append(
                f'<a href="{escape(code_url(system.value, code, self.posting))}" class="code-link" '
                f'title="{escape(label)}">{escape(data[start:end])}</a>'
            )
            position = end
        self.out.append(str(escape(data[position:])))


def _is_other_number(text: str, start: int, end: int) -> bool:
    """Five digits that the words around them make a ZIP code, money or a phone number."""
    return bool(
        _NOT_A_CODE_BEFORE.search(text[max(0, start - 40) : start])
        or _NOT_A_CODE_AFTER.match(text[end : end + 20])
    )


def _mentions(text: str) -> list[tuple[int, int, CodeSystem, str]]:
    """(start, end, system, canonical code) of each code and modifier the text names."""
    found = []
    for match in MENTION_RE.finditer(text):
        if match.group("code"):
            written = match.group("code")
            if written.isdigit() and _is_other_number(text, match.start(), match.end()):
                continue
            parts = [(match.start("code"), match.end("code"), written)]
            at = match.end("code")
            for modifier in match.group("modifiers").split("-")[1:]:
                parts.append((at + 1, at + 3, f"-{modifier}"))
                at += 3
        else:
            group = "modifier" if match.group("modifier") else "named"
            parts = [(match.start(group), match.end(group), f"-{match.group(group).upper()}")]
        for start, end, written in parts:
            system = mention_system(written)
            code = canonical(system, written) if system else None
            if code:
                found.append((start, end, system, code))
    found.extend(_pcs_mentions(text))
    return sorted(found)


# -- ICD-10-PCS (issue 13) ------------------------------------------------------------------
# A PCS code in prose: seven characters (0-9, A-Z but I and O) standing alone, with a digit
# and a letter (0DTJ4ZZ, 0SRD0JZ): no word or plain number has that shape. Seven digits
# alone (0016070) may be a phone or an ID, so they are a code only after "PCS" or
# "procedure code" nearby.
_PCS_RE = re.compile(r"(?<![\w$.,/-])(?=[0-9A-Z]*[A-Z])(?=[0-9A-Z]*\d)"
                     r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}(?![\w/-]|[.,]\d)")  # fmt: skip
_PCS_DIGITS_RE = re.compile(r"(?<![\w$.,/()-])\d{7}(?![\w/-]|[.,]\d)")
_PCS_CONTEXT = re.compile(r"(?i:\b(?:icd-?10-?pcs|pcs|procedure\s+codes?)\b)[^.\n]{0,40}$")


def _pcs_mentions(text: str) -> list[tuple[int, int, CodeSystem, str]]:
    found = [(m.start(), m.end(), CodeSystem.ICD10PCS, m[0]) for m in _PCS_RE.finditer(text)]
    for match in _PCS_DIGITS_RE.finditer(text):
        if _PCS_CONTEXT.search(text[max(0, match.start() - 60) : match.start()]):
            found.append((match.start(), match.end(), CodeSystem.ICD10PCS, match[0]))
    return found


# -- end ICD-10-PCS ---------------------------------------------------------------------------


def candidate_mentions(html: str) -> list[tuple[CodeSystem, str]]:
    return [(system, code) for _, _, system, code in _mentions(html)]


def link_codes(html: str, posting=None) -> Markup:
    """The codes a job description names linked to their pages (from the job's own page,
    `posting`, with its tokens: see code_url)."""
    known = find_codes(candidate_mentions(html))
    if not known:
        return Markup(html)  # noqa: S704 (sanitised on save)
    linker = _Linker(known, posting)
    linker.feed(html)
    linker.close()
    return Markup("".join(linker.out))  # noqa: S704 (built from escaped parts)


# Codes named in the official notes of ICD-10-CM: "(E08.-)", "(O24.4-)", "(T38.3X-)",
# "(E08-E13)", "(I10-I1A)", "(L97.4-, L97.5-)", "(R75)". A bare three-character code is
# a code there, as long as it has a digit ("HIV", "NOS" are words).
_REFERENCE_RE = re.compile(
    r"(?<![\w.])(?=\w{0,2}\d)(?:"
    r"(?P<range>[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2})(?![\w.])"
    r"|(?P<code>[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?)(?:\.?-)?(?!\w)"
    r")"
)


def _reference_targets(reference: str) -> list[str]:
    """The entries a reference may mean, most exact first: T38.3X- is T38.3's codes."""
    targets = [reference]
    trimmed = reference.rstrip("X").rstrip(".")
    if trimmed != reference and len(trimmed) >= 3:
        targets.append(trimmed)
    return targets


def _references(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reference) for each code or range a note names; a range that is not
    a block of its own is its two ends."""
    found = []
    for match in _REFERENCE_RE.finditer(text):
        if match.group("range"):
            first, last = match.group("range").split("-")
            start = match.start()
            found.append((start, match.end(), match.group("range")))
            found.append((start, start + len(first), first))
            found.append((match.end() - len(last), match.end(), last))
        else:
            found.append((match.start(), match.end(), match.group("code")))
    return found


def link_references(system: CodeSystem, texts: list[str]) -> list[Markup]:
    """Official notes with the codes and ranges they name linked to the pages of the
    entries that exist (one query for all the texts)."""
    wanted = {
        target
        for text in texts
        for _, _, reference in _references(text)
        for target in _reference_targets(reference)
    }
    known = {code for s, code in find_codes([(system, c) for c in wanted]) if s is system}
    linked = []
    for text in texts:
        out, position = [], 0
        for start, end, reference in _references(text):
            target = next((t for t in _reference_targets(reference) if t in known), None)
            if target is None or start < position:
                continue  # unknown, or the end of a range already linked whole
            out.append(str(escape(text[position:start])))
            out.append(
                f'<a href="{escape(code_url(system.value, target))}" class="code-link" '
                f'title="{escape(system.label)} {escape(target)}">{escape(text[start:end])}</a>'
            )
            position = end
        out.append(str(escape(text[position:])))
        linked.append(Markup("".join(out)))  # noqa: S704 (built from escaped parts)
    return linked
