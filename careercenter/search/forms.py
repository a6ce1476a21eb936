"""The /jobs filter form: a GET form, so a search is a URL that can be shared.

It validates the query string; each field has one plain message saying what was wrong and
what the search did instead. Fields are named after the URL parameters.
"""

from __future__ import annotations

from wtforms import BooleanField, DecimalField, Form, SearchField, SelectField
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError

from careercenter.forms import CachedOptionsSelect, WholeNumberField
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    SETTINGS,
    SPECIALTIES,
    choices,
)

DEFAULT_RADIUS = 25
MIN_RADIUS, MAX_RADIUS = 5, 200
RADIUS_CHOICES = (5, 10, 25, 50, 100, 200)
POSTED_WITHIN_CHOICES = {1: "Last 24 hours", 3: "Last 3 days", 7: "Last 7 days",
                         14: "Last 14 days", 30: "Last 30 days"}  # fmt: skip
MAX_POSTED_WITHIN = 365
SORTS = {"relevance": "Best match", "newest": "Newest first", "pay": "Highest pay first"}
MAX_QUERY_LENGTH = 200
MAX_LOCATION_LENGTH = 100
MAX_PAGE = 1_000_000
MAX_PAY = 10_000_000

# What the search says when a parameter could not be used, and what it did instead.
PROBLEMS = {
    "radius": f"Choose a distance from {MIN_RADIUS} to {MAX_RADIUS} miles; "
    f"we searched within {DEFAULT_RADIUS} miles.",
    "arrangement": "We don't know that work arrangement, so we showed every arrangement.",
    "type": "We don't know that employment type, so we showed every type.",
    "credential": "We don't know that credential, so we showed jobs for any credential.",
    "specialty": "We don't know that specialty, so we showed every specialty.",
    "setting": "We don't know that setting, so we showed every setting.",
    "pay_min": "Enter the minimum pay as a number, like 55000 a year or 28 an hour; "
    "we showed every pay.",
    "posted_within": f"Choose how recent the job must be in days, from 1 to "
    f"{MAX_POSTED_WITHIN}; we showed jobs posted at any time.",
    "apprentice": "We ignored the apprentice filter we could not read.",
    "sort": "We don't know that order, so we sorted by best match.",
    "page": "That page number isn't valid, so we showed the first page.",
}


def _finite(form, field) -> None:
    if field.data is not None and not field.data.is_finite():  # NaN, Infinity are decimals
        raise StopValidation("not a number")  # NumberRange would raise on "sNaN"


class IntegerChoiceField(SelectField):
    """A select of suggested numbers that accepts any whole number in [minimum, maximum],
    as a shared URL may carry one the menu does not list."""

    widget = CachedOptionsSelect()

    def __init__(self, label, *, minimum: int, maximum: int, suffix: str, **kwargs):
        super().__init__(label, coerce=_int_or_none, validate_choice=False, **kwargs)
        self.minimum, self.maximum, self.suffix = minimum, maximum, suffix

    def pre_validate(self, form) -> None:
        if self.data is None:
            return
        if not self.minimum <= self.data <= self.maximum:
            raise ValidationError("out of range")
        if all(value != self.data for value, _ in self.choices):
            blank = [(v, label) for v, label in self.choices if v == ""]
            numbers = [(v, label) for v, label in self.choices if v != ""]
            self.choices = blank + sorted([*numbers, (self.data, f"{self.data} {self.suffix}")])


def _int_or_none(value) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


class VocabularyField(SelectField):
    """A select over one vocabulary; an empty value means "any"."""

    widget = CachedOptionsSelect()

    def __init__(self, label, vocabulary: dict, any_label: str, **kwargs):
        super().__init__(
            label, choices=[("", any_label), *choices(vocabulary)], default="", **kwargs
        )


class JobSearchForm(Form):
    q = SearchField(
        "Keywords",
        description="A title, credential, specialty or code: remote CPC, E/M, 99213, E11.52.",
        render_kw={"maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"},
    )
    location = SearchField(
        "Where",
        description="A ZIP code, a city and state (Houston, TX) or a state.",
        render_kw={"maxlength": MAX_LOCATION_LENGTH, "autocomplete": "postal-code"},
    )
    radius = IntegerChoiceField(
        "Distance",
        minimum=MIN_RADIUS,
        maximum=MAX_RADIUS,
        suffix="miles",
        choices=[(r, f"Within {r} miles") for r in RADIUS_CHOICES],
        default=DEFAULT_RADIUS,
    )
    arrangement = VocabularyField("Work arrangement", ARRANGEMENTS, "Any arrangement")
    type = VocabularyField("Employment type", EMPLOYMENT_TYPES, "Any type")
    credential = VocabularyField("Credential", CREDENTIALS, "Any credential")
    specialty = VocabularyField("Specialty", SPECIALTIES, "Any specialty")
    setting = VocabularyField("Setting", SETTINGS, "Any setting")
    pay_min = DecimalField(
        "Minimum pay",
        description="Per year; an amount under $1,000 is read as per hour.",
        validators=[Optional(), _finite, NumberRange(min=1, max=MAX_PAY)],
        render_kw={"inputmode": "decimal"},
    )
    posted_within = IntegerChoiceField(
        "Posted",
        minimum=1,
        maximum=MAX_POSTED_WITHIN,
        suffix="days",
        choices=[("", "Any time"), *POSTED_WITHIN_CHOICES.items()],
    )
    apprentice = BooleanField(
        "Apprentice-friendly (CPC-A welcome)", false_values=("", "0", "false", "no", "off")
    )
    sort = SelectField(
        "Sort by", choices=list(SORTS.items()), default="relevance", widget=CachedOptionsSelect()
    )
    page = WholeNumberField(validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])
