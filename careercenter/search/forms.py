"""The /jobs filter form: a GET form, so a search is a URL that can be shared.

It validates the query string; each field has one plain message saying what was wrong and
what the search did instead. Fields are named after the URL parameters.
"""

from __future__ import annotations

from wtforms import BooleanField, DecimalField, Form, SearchField, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from careercenter.forms import CachedOptionsSelect, WholeNumberField, finite_number
from careercenter.search.limits import (
    DEFAULT_RADIUS,
    MAX_LOCATION_LENGTH,
    MAX_PAGE,
    MAX_PAY,
    MAX_POSTED_WITHIN,
    MAX_QUERY_LENGTH,
    MAX_RADIUS,
    MIN_RADIUS,
    POSTED_WITHIN_CHOICES,
    RADIUS_CHOICES,
    SORTS,
)
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    SETTINGS,
    SPECIALTIES,
    choices,
)


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
        validators=[Optional(), finite_number, NumberRange(min=1, max=MAX_PAY)],
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
