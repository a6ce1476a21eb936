"""Scam and quality signals on postings waiting for review.

Each signal says why it fired, quoting what it found, and carries a weight the queue can
sort by. Signals advise; a person decides. What they look for:

- money asked of applicants (training, software, equipment, "refundable" deposits, checks
  to buy equipment, gift cards) -- the classic fake remote-coding job;
- the conversation moved to a chat app (Telegram, WhatsApp, Signal, Google Chat,
  interviews "over chat");
- a personal mailbox (gmail, yahoo...) or another domain than the company's website, in
  the posting or as the employer's own login;
- pay far from similar postings: under half or over twice the median of similar published
  jobs, by the pay figures the site shows (careercenter.pay.stats);
- a pay range too wide to tell a coder anything (the posting form requires pay, so a
  missing range cannot happen; a "range" of $15 to $95 an hour says as little);
- text copied from another company's posting (5-word shingles: the share of this
  description found in the other one);
- a brand-new employer account;
- open reports from people who read the job.

The comparisons read bounded samples (the newest published jobs, the newest postings of
other companies), so a queue page costs the same however large the site grows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from careercenter import vocabulary
from careercenter.extensions import db
from careercenter.formatting import money
from careercenter.models import Company, Posting, PostingStatus, utcnow
from careercenter.models.posting import PUBLIC
from careercenter.moderation import reports
from careercenter.pay import stats as pay_stats

STRONG, MEDIUM, WEAK = 3, 2, 1
STRENGTH_LABELS = {STRONG: "Strong", MEDIUM: "Medium", WEAK: "Weak"}

NEW_ACCOUNT_DAYS = 7
PAY_LOW_RATIO, PAY_HIGH_RATIO = 0.5, 2.0
WIDE_RANGE_RATIO = 3
SHINGLE_WORDS = 5
MIN_SHINGLES = 8
COPY_SHARE = 0.5
COPY_CORPUS = 1000

FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com",
        "hotmail.com", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com",
        "me.com", "mac.com", "protonmail.com", "proton.me", "pm.me", "gmx.com", "gmx.net",
        "mail.com", "yandex.com", "yandex.ru", "zoho.com", "zohomail.com", "tutanota.com",
        "hushmail.com", "inbox.com", "qq.com", "163.com", "mail.ru",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Signal:
    code: str
    label: str
    why: str
    weight: int

    @property
    def strength(self) -> str:
        return STRENGTH_LABELS[self.weight]


# -- the posting's own text ---------------------------------------------------------------------

# Words just before a match, in the same sentence, that turn it around: "we never charge
# training fees", "no upfront cost", "you don't need to buy anything".
_NEGATION = re.compile(r"\b(?:no|never|not|without|free|zero|nor)\b|n['’]t\b", re.IGNORECASE)
# ... or that make the employer the buyer: "we will buy your laptop", "we'll purchase".
_EMPLOYER_BUYS = re.compile(
    r"\b(?:we|we['’]ll|company|employer)\s+(?:will\s+)?(?:\w+\s+)?$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?\n;]")
_EXCUSE_WINDOW = 60

_FEE_PATTERNS = [
    r"\b(?:training|registration|application|onboarding|enrol?lment|certification|"
    r"background[- ]check|processing|equipment|software|licen[cs]e|starter[- ]kit|"
    r"admin(?:istrative)?)\s+(?:fees?|deposits?|charges?)\b",
    r"\b(?:fees?|deposits?)\s+of\s+\$\s?\d",
    r"\$\s?\d[\d,]*(?:\.\d\d)?\s+(?:one[- ]time\s+|refundable\s+|non[- ]refundable\s+)?"
    r"(?:fees?|deposits?)\b",
    r"\b(?:need|have|required|must)\s+(?:to\s+)?(?:pay|purchase|buy)\b",
    r"\bpay\s+for\s+(?:your\s+own|the\s+required|required)\b",
    r"\b(?:upfront|up-front)\s+(?:fees?|payments?|costs?)\b",
    r"\b(?:refundable|reimbursed)\b[^.\n]{0,40}\b(?:after|once|upon|when)\b",
    r"\bgift\s+cards?\b",
    r"\bwire\s+(?:transfer|the\s+money|money)\b",
    r"\b(?:zelle|venmo|cash\s?app)\b",
]
# Buying things: excused when the employer is the one buying.
_PURCHASE_PATTERNS = [
    r"\b(?:purchase|buy)\s+(?:your\s+own\s+|a\s+|an\s+|the\s+|our\s+)?(?:laptop|computer|"
    r"equipment|software|encoder|licen[cs]e|starter\s+kit|training|certification|course)",
]
# Never excused by the words before: a check "to buy your equipment" is the scam itself.
_FEE_ALWAYS = [
    r"\b(?:check|cheque)\s+(?:to|for|that\s+you\s+(?:will\s+)?use\s+to)\s+(?:buy|purchase)\b"
]

_CHAT_PATTERNS = [
    r"\btelegram\b",
    r"\bwhats\s?app\b",
    r"\bviber\b",
    r"\bwechat\b",
    r"\bwickr\b",
    r"\bkik\b",
    r"\bdiscord\b",
    r"\bgoogle\s+(?:chat|hangouts?)\b",
    r"\bhangouts\b",
    r"\bsignal\s+(?:app|messenger|chat)\b",
    r"\b(?:on|via|through|using)\s+signal\b",
    r"\bskype\s+(?:chat|id|name|handle)\b",
    r"\bteams\s+chat\b",
    r"\b(?:interview|screening)s?\b[^.\n]{0,40}\b(?:via|over|through|by|on)\s+"
    r"(?:text|chat|instant\s+messag\w*|im)\b",
    r"\b(?:chat|text)[- ]based\s+interview",
    r"\btext\s+(?:us|me|the\s+recruiter|our\s+(?:hr|recruiter))\b",
]


def _compile(patterns: list[str]) -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


FEE_RES = _compile(_FEE_PATTERNS)
PURCHASE_RES = _compile(_PURCHASE_PATTERNS)
FEE_ALWAYS_RES = _compile(_FEE_ALWAYS)
CHAT_RES = _compile(_CHAT_PATTERNS)
EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")


def _excerpt(text: str, match: re.Match, width: int = 45) -> str:
    """The match with a few whole words either side."""
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    if start:
        start = text.find(" ", start, match.start()) + 1 or start
    if end < len(text):
        end = text.rfind(" ", match.end(), end) if " " in text[match.end() : end] else end
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


def _words_before(text: str, match: re.Match) -> str:
    """The same sentence, up to a few words before the match."""
    before = text[max(0, match.start() - _EXCUSE_WINDOW) : match.start()]
    return _SENTENCE_END.split(before)[-1]


def _first_match(text: str, rules: list[tuple[list[re.Pattern], list[re.Pattern]]]):
    """The first match of any pattern that the words before it do not excuse. `rules`
    pairs patterns with the excuses that apply to them."""
    for patterns, excuses in rules:
        for pattern in patterns:
            for match in pattern.finditer(text):
                before = _words_before(text, match)
                if not any(excuse.search(before) for excuse in excuses):
                    return match
    return None


def _posting_text(posting: Posting) -> str:
    return f"{posting.title}.\n{posting.description_md}"


def fee_signal(posting: Posting) -> Signal | None:
    return _fee_signal(_posting_text(posting))


def _fee_signal(text: str) -> Signal | None:
    match = _first_match(
        text,
        [
            (FEE_ALWAYS_RES, []),
            (FEE_RES, [_NEGATION]),
            (PURCHASE_RES, [_NEGATION, _EMPLOYER_BUYS]),
        ],
    )
    if match is None:
        return None
    return Signal(
        "fees",
        "Asks applicants for money",
        f"It reads like a request for payment, training fees or equipment bought by the "
        f"applicant: “{_excerpt(text, match)}”",
        STRONG,
    )


def chat_signal(posting: Posting) -> Signal | None:
    return _chat_signal(_posting_text(posting))


def _chat_signal(text: str) -> Signal | None:
    match = _first_match(text, [(CHAT_RES, [_NEGATION])])
    if match is None:
        return None
    return Signal(
        "chat",
        "Moves the talk to a chat app",
        f"It sends applicants to a chat app or a chat interview: “{_excerpt(text, match)}”",
        STRONG,
    )


def _site_domain(website: str | None) -> str | None:
    if not website:
        return None
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    return host.lower().removeprefix("www.") or None


def _same_organization(domain: str, site: str) -> bool:
    """careers.riverside.org and riverside.org are one organization."""
    return domain == site or domain.endswith("." + site) or site.endswith("." + domain)


def contact_signal(posting: Posting) -> Signal | None:
    company = posting.company
    site = _site_domain(company.website)
    against = f"the company's website is {site}" if site else "the company gives no website"
    reasons = []
    for match in EMAIL_RE.finditer(posting.description_md or ""):
        address, domain = match.group(0), match.group(1).lower()
        if domain in FREE_MAIL_DOMAINS:
            reasons.append(
                f"it asks applicants to write to {address}, a personal mailbox, and {against}"
            )
        elif site and not _same_organization(domain, site):
            reasons.append(f"it gives the address {address}, not on the company's website {site}")
    owner_email = company.owner.email
    owner_domain = owner_email.rsplit("@", 1)[-1]
    if owner_domain in FREE_MAIL_DOMAINS:
        reasons.append(
            f"the employer signed up with a personal mailbox ({owner_email}) and {against}"
        )
    if not reasons:
        return None
    reasons = list(dict.fromkeys(reasons))
    why = "; ".join(reasons)
    return Signal("contact", "Personal or mismatched email", why[0].upper() + why[1:] + ".", MEDIUM)


def wide_range_signal(posting: Posting) -> Signal | None:
    if posting.pay_min and posting.pay_max > posting.pay_min * WIDE_RANGE_RATIO:
        unit = vocabulary.PAY_UNITS.get(posting.pay_unit, posting.pay_unit)
        return Signal(
            "pay-range",
            "No real pay range",
            f"The range {money(posting.pay_min)}–{money(posting.pay_max)} {unit} is too wide "
            f"to tell a coder what the job pays (the top is over {WIDE_RANGE_RATIO}× the "
            "bottom).",
            WEAK,
        )
    return None


def new_account_signal(posting: Posting, now: datetime) -> Signal | None:
    created = posting.company.owner.created_at
    if posting.company.is_verified:  # a moderator checked who they are: not a stranger
        return None
    if created is None or now - created >= timedelta(days=NEW_ACCOUNT_DAYS):
        return None
    days = (now - created).days
    age = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return Signal(
        "new-account",
        "Brand-new employer",
        f"The employer's account was created {age}.",
        WEAK,
    )


def text_signals(posting: Posting) -> list[Signal]:
    """The signals that need nothing but the posting: cheap enough for every submission."""
    found = [fee_signal(posting), chat_signal(posting), contact_signal(posting)]
    return [signal for signal in found if signal is not None]


def strong_text_signals(text: str) -> list[Signal]:
    """The strong signals of any text an employer writes (a company profile, say)."""
    found = [_fee_signal(text), _chat_signal(text)]
    return [signal for signal in found if signal is not None]


# -- pay against similar postings ---------------------------------------------------------------


def pay_signal(posting: Posting, comparison: pay_stats.Comparison | None) -> Signal | None:
    """Pay far from similar jobs, by the figures the site shows everyone (careercenter.pay:
    the same credential and setting, in the same state or remote, widened to the region or
    the country when too few; per-chart pay against per-chart pay)."""
    if comparison is None or comparison.figures.p50 <= 0:
        return None
    point = pay_stats.point_of(posting)
    median = comparison.figures.p50
    ratio = point.mid / median
    if PAY_LOW_RATIO <= ratio <= PAY_HIGH_RATIO:
        return None
    per = "per chart" if point.kind == pay_stats.CHART else "a year"
    how = f"{ratio:.1f}× " if ratio > 1 else "less than half "
    return Signal(
        "pay-outlier",
        "Pay far from similar jobs",
        f"It pays about {money(round(point.mid, 2))} {per} (midpoint), {how}the median of "
        f"{comparison.figures.count} {comparison.label} ({money(round(median, 2))} {per}).",
        WEAK,
    )


# -- copied text --------------------------------------------------------------------------------


def shingles(text: str) -> set[int]:
    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    return {
        hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@dataclass
class CopyIndex:
    """Shingles of the newest postings (public or in review), by shingle, to find which
    other postings share a description's word sequences."""

    postings: list[tuple[int, int, str, str, int]] = field(default_factory=list)
    by_shingle: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> CopyIndex:
        rows = db.session.execute(
            sa.select(
                Posting.id,
                Posting.company_id,
                Posting.title,
                Posting.description_md,
                Company.name,
            )
            .join(Company, Company.id == Posting.company_id)
            .where(Posting.status.in_([*PUBLIC, PostingStatus.SUBMITTED]))
            .order_by(Posting.id.desc())
            .limit(COPY_CORPUS)
        ).all()
        index = cls()
        for row in rows:
            found = shingles(row.description_md)
            slot = len(index.postings)
            index.postings.append((row.id, row.company_id, row.title, row.name, len(found)))
            for shingle in found:
                index.by_shingle.setdefault(shingle, []).append(slot)
        return index

    def signal(self, posting: Posting) -> Signal | None:
        mine = shingles(posting.description_md)
        if len(mine) < MIN_SHINGLES:
            return None
        shared: Counter[int] = Counter()
        for shingle in mine:
            for slot in self.by_shingle.get(shingle, ()):
                shared[slot] += 1
        best = None
        for slot, count in shared.most_common():
            other_id, company_id, title, company_name, _ = self.postings[slot]
            if other_id == posting.id or company_id == posting.company_id:
                continue
            best = (count / len(mine), other_id, title, company_name)
            break
        if best is None or best[0] < COPY_SHARE:
            return None
        share, other_id, title, company_name = best
        return Signal(
            "copied",
            "Text copied from another posting",
            f"{share:.0%} of its description also appears in “{title}” by {company_name} "
            f"(job {other_id}).",
            MEDIUM,
        )


# -- all together -------------------------------------------------------------------------------


def report_signal(reporters: int, reasons: list[str]) -> Signal | None:
    if not reporters:
        return None
    people = "1 person" if reporters == 1 else f"{reporters} people"
    counted = Counter(reasons)
    detail = ", ".join(
        f"{reason} ({count})" if count > 1 else reason for reason, count in counted.items()
    )
    return Signal("reported", "Reported by readers", f"Reported by {people}: {detail}.", MEDIUM)


def assess(postings: list[Posting], now: datetime | None = None) -> dict[int, list[Signal]]:
    """Every signal of each posting, strongest first, by posting id. The samples the
    comparisons need are read once for the whole list."""
    if not postings:
        return {}
    now = now or utcnow()
    pay = pay_stats.compare_postings(postings)
    copies = CopyIndex.load()
    reported = reports.open_summary([p.id for p in postings])
    result = {}
    for posting in postings:
        reporters, reasons = reported.get(posting.id, (0, []))
        found = [
            *text_signals(posting),
            pay_signal(posting, pay.get(posting.id)),
            wide_range_signal(posting),
            copies.signal(posting),
            new_account_signal(posting, now),
            report_signal(reporters, reasons),
        ]
        signals = [s for s in found if s is not None]
        signals.sort(key=lambda s: -s.weight)
        result[posting.id] = signals
    return result


def score(signals: list[Signal]) -> int:
    return sum(signal.weight for signal in signals)
