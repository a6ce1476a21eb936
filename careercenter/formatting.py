"""How domain values read on a page: pay ranges, vocabularies, dates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from careercenter import vocabulary
from careercenter.codeformat import code_system
from careercenter.models.base import utcnow
from careercenter.payunits import annualise

VOCABULARIES = {
    "credential": vocabulary.CREDENTIALS,
    "specialty": vocabulary.SPECIALTIES,
    "setting": vocabulary.SETTINGS,
    "arrangement": vocabulary.ARRANGEMENTS,
    "type": vocabulary.EMPLOYMENT_TYPES,
    "pay_unit": vocabulary.PAY_UNITS,
    "code_set": vocabulary.CODE_SETS,
    "tool": vocabulary.TOOLS,
    "org_type": vocabulary.ORG_TYPES,
    "size": vocabulary.COMPANY_SIZES,
    "state": vocabulary.US_STATES,
}


def money(amount: Decimal | float | int) -> str:
    amount = Decimal(amount)
    if amount == amount.to_integral_value() and amount >= 1000:
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


def pay_range(posting) -> str:
    unit = vocabulary.PAY_UNITS.get(posting.pay_unit, posting.pay_unit)
    if posting.pay_min == posting.pay_max:
        return f"{money(posting.pay_min)} {unit}"
    return f"{money(posting.pay_min)}\u2013{money(posting.pay_max)} {unit}"


def annual_pay(posting) -> str:
    """An hourly job's pay as a full-time year, rounded to $100: "$54,100–$68,600 a year".
    Empty for pay that is already yearly or paid per chart."""
    if posting.pay_unit != "hour":
        return ""

    def year(rate) -> str:
        return money(round(annualise(rate, "hour"), -2))

    if posting.pay_min == posting.pay_max:
        return f"{year(posting.pay_min)} a year"
    return f"{year(posting.pay_min)}\u2013{year(posting.pay_max)} a year"


def logo_initials(name: str) -> str:
    """The letters of a company's placeholder logo: "Summit Orthopaedic Partners" -> "SO"."""
    words = [
        w for w in name.split() if w[:1].isalnum() and w.lower() not in {"the", "of", "and", "&"}
    ]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def logo_hue(name: str) -> int:
    """One of the placeholder logo colors (.logo-hue-0 ... -5), the same for a name always."""
    return sum(name.encode()) % 6


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 year", "2 years": the count and the word that agrees with it."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def vocab(slug: str, kind: str) -> str:
    return vocabulary.label(VOCABULARIES[kind], slug)


def vocab_list(slugs, kind: str) -> str:
    return ", ".join(vocab(slug, kind) for slug in slugs or [])


def remote_scope(posting) -> str:
    if not posting.remote_states:
        return "Remote (anywhere in the US)"
    if len(posting.remote_states) <= 6:
        return "Remote (" + ", ".join(posting.remote_states) + ")"
    return f"Remote ({len(posting.remote_states)} states)"


def where(posting) -> str:
    place = f"{posting.city}, {posting.state}"
    if posting.arrangement == "remote":
        return remote_scope(posting)
    if posting.arrangement == "hybrid":
        return f"Hybrid \u00b7 {place}"
    return place


def iso_timestamp(moment: datetime | None) -> str | None:
    """A moment for machines (JSON, JSON-LD): ISO 8601 to the second, with its offset."""
    return moment.isoformat(timespec="seconds") if moment else None


def date(value: datetime | None) -> str:
    return f"{value:%b} {value.day}, {value:%Y}" if value else ""


def date_time(value: datetime | None) -> str:
    """A moment in UTC, to the minute: "Nov 23, 2026, 14:05 UTC"."""
    return f"{date(value)}, {value:%H:%M} UTC" if value else ""


def ago(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return ""
    days = ((now or utcnow()) - value).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 31:
        return f"{days} days ago"
    return date(value)


def age(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago, to the unit that matters while someone waits: "45 minutes",
    "3 hours", "2 days"."""
    if value is None:
        return ""
    minutes = max(0, int(((now or utcnow()) - value).total_seconds() // 60))
    if minutes >= 1440:
        count, unit = minutes // 1440, "day"
    elif minutes >= 60:
        count, unit = minutes // 60, "hour"
    else:
        count, unit = minutes, "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"


FILTERS = {
    "code_system": code_system,
    "money": money,
    "pay_range": pay_range,
    "annual_pay": annual_pay,
    "plural": plural,
    "logo_initials": logo_initials,
    "logo_hue": logo_hue,
    "vocab": vocab,
    "vocab_list": vocab_list,
    "where": where,
    "date": date,
    "datetime": date_time,
    "ago": ago,
    "age": age,
}
