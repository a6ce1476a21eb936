from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from careercenter import codeformat, geo
from careercenter.codes.services import check_key_codes
from careercenter.forms import (
    WholeNumberField,
    finite_number,
    no_control_characters,
    no_control_characters_but_lines,
)
from careercenter.models import ReportReason
from careercenter.models.posting import DEFAULT_DURATION_DAYS, MAX_DURATION_DAYS, ApplyMethod
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CODE_SETS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    PAY_UNITS,
    SETTINGS,
    SPECIALTIES,
    US_STATES,
    choices,
)

# Plausible pay per unit: outside these a typo is far more likely than a real offer.
PAY_BOUNDS = {
    "hour": (Decimal("7.25"), Decimal("300")),
    "year": (Decimal("15000"), Decimal("500000")),
    "chart": (Decimal("0.10"), Decimal("100")),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes: usable without JavaScript, unlike a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


DESCRIPTION_MAX = 20000
CREDENTIAL_LEVELS = (("", "Not asked"), ("preferred", "Preferred"), ("required", "Required"))


class CredentialLevelsField(Field):
    """Every credential once, each with a radio group: not asked, preferred or required.

    Posted as one radio group per credential (`credential_levels-cpc=required`); `data` is
    {slug: "preferred" | "required"} for the credentials asked for."""

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.object_data = data
        self.data = dict(data or {}) if isinstance(data, dict) else {}
        self.unknown = False
        if formdata is not None:
            self.data = {}
            for slug in CREDENTIALS:
                value = formdata.get(f"{self.name}-{slug}", "")
                if value in ("preferred", "required"):
                    self.data[slug] = value
                elif value:
                    self.unknown = True

    def pre_validate(self, form):
        if self.unknown:
            raise ValidationError("Choose not asked, preferred or required for each credential.")

    def level(self, slug: str) -> str:
        return (self.data or {}).get(slug, "")


def _description_length(form, field):
    """Say the size and the limit instead of cutting the text (the box has no maxlength)."""
    length = len(field.data or "")
    if length > DESCRIPTION_MAX:
        raise ValidationError(
            f"The description is {length:,} characters long; the limit is "
            f"{DESCRIPTION_MAX:,}. Shorten it by {length - DESCRIPTION_MAX:,} characters."
        )


class PostingForm(FlaskForm):
    title = StringField(
        "Job title",
        validators=[
            DataRequired(message="Give the job a title."),
            Length(min=5, max=120, message="Use 5 to 120 characters."),
            no_control_characters,
        ],
        filters=[_strip],
        description="Say what the coder will do, e.g. "
        "\u201cRemote Outpatient Coder \u2013 CPC or CCS\u201d.",
    )
    description = TextAreaField(
        "Description",
        validators=[
            DataRequired(message="Describe the job."),
            Length(min=50, message="Use 50 to 20,000 characters."),
            _description_length,
            no_control_characters_but_lines,
        ],
        description="50 to 20,000 characters. Markdown: **bold**, lists with - and links. "
        "Say what a typical day involves, the EHR and encoder used, productivity and "
        "accuracy expectations.",
    )
    zip_code = StringField(
        "ZIP code",
        validators=[
            DataRequired(message="Enter the ZIP code of the job or office."),
            no_control_characters,
        ],
        filters=[_strip],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5},
    )
    city = StringField(
        "City",
        validators=[Optional(strip_whitespace=False), Length(max=80), no_control_characters],
        filters=[_strip],
        description="Leave empty to use the ZIP code's city.",
    )
    state = SelectField(
        "State",
        choices=[("", "Choose a state")] + list(US_STATES.items()),
        validators=[DataRequired(message="Choose the state.")],
    )
    arrangement = RadioField(
        "Work arrangement",
        choices=choices(ARRANGEMENTS),
        validators=[InputRequired(message="Choose on-site, hybrid or remote.")],
    )
    remote_scope = RadioField(
        "Remote coders may live",
        choices=[("anywhere", "Anywhere in the US"), ("states", "Only in the states I tick")],
        validators=[Optional()],
        description="For remote jobs only.",
    )
    remote_states = MultiCheckboxField(
        "States you can hire in",
        choices=list(US_STATES.items()),
    )
    employment_type = SelectField(
        "Employment type",
        choices=[("", "Choose a type")] + choices(EMPLOYMENT_TYPES),
        validators=[DataRequired(message="Choose the employment type.")],
    )
    pay_min = DecimalField(
        "Pay from",
        places=2,
        validators=[InputRequired(message="Enter the lowest pay of the range."), finite_number],
        render_kw={"inputmode": "decimal"},
    )
    pay_max = DecimalField(
        "Pay up to",
        places=2,
        validators=[InputRequired(message="Enter the highest pay of the range."), finite_number],
        render_kw={"inputmode": "decimal"},
    )
    pay_unit = SelectField(
        "Paid",
        choices=choices(PAY_UNITS),
        validators=[DataRequired(message="Choose how the pay is counted.")],
    )
    credential_levels = CredentialLevelsField(
        "Credentials",
        description="Choose Required for the credentials you accept (a coder needs any one "
        "of them), Preferred for those that count in a coder's favor. Leave the rest at "
        "Not asked.",
    )
    # The same as two lists (what the credential grid fills in; still accepted when posted).
    credentials_required = MultiCheckboxField(
        "Credentials accepted (any one of)",
        choices=choices(CREDENTIALS),
        description="Leave all unticked if no credential is required.",
    )
    credentials_preferred = MultiCheckboxField(
        "Credentials preferred", choices=choices(CREDENTIALS)
    )
    apprentice_friendly = BooleanField("Apprentice-friendly: CPC-A coders are welcome to apply")
    specialties = MultiCheckboxField("Specialties", choices=choices(SPECIALTIES))
    settings = MultiCheckboxField("Settings", choices=choices(SETTINGS))
    code_sets = MultiCheckboxField("Code sets used", choices=choices(CODE_SETS))
    years_experience = WholeNumberField(
        "Years of coding experience required",
        default=0,
        validators=[
            InputRequired(message="Enter the years of experience (0 for none)."),
            NumberRange(min=0, max=30, message="Enter a number from 0 to 30."),
        ],
    )
    key_codes = StringField(
        "Key codes",
        validators=[Optional(), Length(max=600), no_control_characters],
        filters=[_strip],
        description="CPT, ICD-10-CM, ICD-10-PCS or HCPCS codes this job works with most, "
        "separated by commas, e.g. 99213, 28820, E11.52, 0SRD0JZ, J1100.",
    )
    apply_method = RadioField(
        "How to apply",
        choices=[("on-site", "On CareerCenter"), ("external", "On our own website")],
        default="on-site",
        validators=[InputRequired(message="Choose how coders apply.")],
    )
    apply_url = URLField(
        "Application URL",
        validators=[Length(max=500), no_control_characters],
        filters=[_strip],
        description="For applying on your website: the full address, starting with https://.",
    )
    duration_days = WholeNumberField(
        "Days to keep the job open once published",
        default=DEFAULT_DURATION_DAYS,
        validators=[
            InputRequired(message="Enter a number of days."),
            NumberRange(
                min=1, max=MAX_DURATION_DAYS, message=f"Enter 1 to {MAX_DURATION_DAYS} days."
            ),
        ],
    )
    preview = SubmitField("Preview")
    save_draft = SubmitField("Save draft")
    submit_for_review = SubmitField("Submit for review")

    # Filled in by validate_zip_code and validate_key_codes.
    place: geo.Place | None = None
    key_code_warnings: tuple[str, ...] = ()

    def validate_zip_code(self, field):
        self.place = geo.place_for_zip(field.data or "")
        if self.place is None:
            raise ValidationError(
                "We don't know this ZIP code. Enter the 5-digit ZIP of the job or office."
            )

    def validate_state(self, field):
        if self.place and field.data and field.data != self.place.state:
            raise ValidationError(
                f"ZIP code {self.place.zip_code} is in {US_STATES[self.place.state]}: "
                "choose that state or correct the ZIP code."
            )

    def validate_pay_max(self, field):
        low, high = self.pay_min.data, field.data
        if low is None or high is None or not (low.is_finite() and high.is_finite()):
            return  # finite_number has said so
        if low <= 0:
            raise ValidationError("Pay must be more than zero.")
        if low > high:
            raise ValidationError("The highest pay must be at least the lowest pay.")
        bounds = PAY_BOUNDS.get(self.pay_unit.data)
        if bounds and not (bounds[0] <= low and high <= bounds[1]):
            unit = PAY_UNITS[self.pay_unit.data]
            raise ValidationError(
                f"Pay {unit} should be between ${bounds[0]:,} and ${bounds[1]:,}. "
                "Check the amounts and the pay unit."
            )

    def validate_key_codes(self, field):
        codes = codeformat.split_codes(field.data or "")
        bad = [code for code in codes if codeformat.code_system(code) is None]
        if bad:
            raise ValidationError(
                "These are not CPT, ICD-10-CM, ICD-10-PCS or HCPCS codes: "
                + ", ".join(bad[:10])
                + "."
            )
        if len(codes) > codeformat.MAX_KEY_CODES:
            raise ValidationError(f"List at most {codeformat.MAX_KEY_CODES} key codes.")
        check = check_key_codes(codes)
        if check.unknown:
            raise ValidationError(
                "These codes do not exist: "
                + "; ".join(missing.headline for missing in check.unknown)
                + "."
            )
        self.key_code_warnings = [
            f"{code} is a category heading, not a billable code: consider naming the "
            "specific codes under it."
            for code in check.headings
        ] + [
            f"{missing.headline} (we hold a sample of {missing.system.label} codes), so we "
            "could not check it."
            for missing in check.not_in_data
        ]

    def validate_apply_url(self, field):
        if self.apply_method.data != "external":
            return
        if not field.data:
            raise ValidationError("Enter the address where coders apply.")
        if not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError("The address must start with https:// or http://.")
        URL(
            require_tld=True, message="Enter a full web address, e.g. https://example.com/jobs/123."
        )(self, field)

    def required_credentials(self) -> list[str]:
        """The credentials marked Required (per-row levels, or the plain list when posted
        that way), before validation has run too (the pay check reads them)."""
        levels = self.credential_levels.data
        if levels:
            return [s for s in CREDENTIALS if levels.get(s) == "required"]
        return list(self.credentials_required.data or [])

    def validate(self, extra_validators=None) -> bool:
        levels = self.credential_levels.data
        if levels:
            self.credentials_required.data = self.required_credentials()
            self.credentials_preferred.data = [
                s for s in CREDENTIALS if levels.get(s) == "preferred"
            ]
        return super().validate(extra_validators)

    def validate_remote_states(self, field):
        if self.arrangement.data != "remote":
            field.data = []  # only remote jobs have remote states; ignore stray ticks
            return
        scope = self.remote_scope.data or ("states" if field.data else "anywhere")
        if scope == "anywhere":
            field.data = []
        elif not field.data:
            raise ValidationError("Tick the states you can hire in, or choose anywhere in the US.")

    @property
    def key_code_list(self) -> list[str]:
        return codeformat.split_codes(self.key_codes.data or "")

    def values(self) -> dict:
        """What was typed, as the plain values postings.services.create_posting and
        update_posting take (and the preview shows)."""
        place = self.place
        credentials = list(self.credentials_required.data or [])
        apprentice = bool(self.apprentice_friendly.data) or "cpc-a" in credentials
        if apprentice and credentials and "cpc-a" not in credentials:
            credentials.append("cpc-a")  # apprentice-friendly means a CPC-A is accepted
        external = self.apply_method.data == ApplyMethod.EXTERNAL.value
        return {
            "title": self.title.data,
            "description_md": self.description.data,
            "zip_code": place.zip_code,
            "city": self.city.data or place.city,
            "state": self.state.data,
            "arrangement": self.arrangement.data,
            "remote_states": sorted(self.remote_states.data or [])
            if self.arrangement.data == "remote"
            else [],
            "employment_type": self.employment_type.data,
            "pay_min": self.pay_min.data,
            "pay_max": self.pay_max.data,
            "pay_unit": self.pay_unit.data,
            "credentials_required": credentials,
            "credentials_preferred": [
                c for c in self.credentials_preferred.data or [] if c not in credentials
            ],
            "apprentice_friendly": apprentice,
            "specialties": list(self.specialties.data or []),
            "settings": list(self.settings.data or []),
            "code_sets": list(self.code_sets.data or []),
            "years_experience": self.years_experience.data,
            "key_codes": self.key_code_list,
            "apply_method": ApplyMethod(self.apply_method.data),
            "apply_url": self.apply_url.data if external else None,
            "duration_days": self.duration_days.data,
            "latitude": place.latitude,
            "longitude": place.longitude,
        }


class ReportForm(FlaskForm):
    """Anyone's report that a job is wrong; the note is required for "something else"."""

    reason = RadioField(
        "What is wrong with this job?",
        choices=[(reason.value, reason.label) for reason in ReportReason],
        validators=[InputRequired(message="Choose what is wrong with this job.")],
    )
    note = TextAreaField(
        "Tell the moderators more",
        validators=[
            Length(max=1000, message="Keep it to 1,000 characters or fewer."),
            no_control_characters_but_lines,
        ],
        filters=[_strip],
        description="Optional unless you chose “Something else”. What did the employer ask "
        "of you, or what is wrong? Don't include your password or bank details.",
    )

    def validate_note(self, field):
        if self.reason.data == ReportReason.OTHER.value and not field.data:
            raise ValidationError("Tell us what is wrong with this job.")
