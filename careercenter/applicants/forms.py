from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from careercenter import geo
from careercenter.forms import (
    WholeNumberField,
    finite_number,
    no_control_characters,
    no_control_characters_but_lines,
)
from careercenter.postings.forms import MultiCheckboxField
from careercenter.vocabulary import (
    ARRANGEMENTS,
    CODE_SETS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    PAY_UNITS,
    SETTINGS,
    SPECIALTIES,
    TOOLS,
    choices,
)

MAX_COVER_LETTER = 10_000
BLANK_CREDENTIAL_ROWS = 2


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CredentialEntry(Form):
    """One credential held; a row left on "none" is ignored."""

    credential = SelectField(
        "Credential", choices=[("", "None")] + choices(CREDENTIALS), validate_choice=True
    )
    number = StringField(
        "Member or certificate number",
        validators=[Optional(strip_whitespace=False), Length(max=40), no_control_characters],
        filters=[_strip],
    )
    expires_on = DateField("Expires on", validators=[Optional()])

    def validate_number(self, field):
        if field.data and not self.credential.data:
            raise ValidationError("Choose the credential this number belongs to.")


class ProfileForm(FlaskForm):
    full_name = StringField(
        "Full name",
        validators=[
            DataRequired(message="Enter your name."),
            Length(max=120),
            no_control_characters,
        ],
        filters=[_strip],
        render_kw={"autocomplete": "name"},
    )
    headline = StringField(
        "Headline",
        validators=[Optional(strip_whitespace=False), Length(max=160), no_control_characters],
        filters=[_strip],
        description="One line employers see first, e.g. \u201cCPC with 4 years of orthopedic surgery coding\u201d.",
    )
    zip_code = StringField(
        "Home ZIP code",
        validators=[DataRequired(message="Enter your ZIP code."), no_control_characters],
        filters=[_strip],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5},
        description="Used to match on-site jobs by distance and remote jobs by state.",
    )
    credentials = FieldList(FormField(CredentialEntry), min_entries=1, max_entries=30)
    years_experience = WholeNumberField(
        "Years of coding experience",
        default=0,
        validators=[InputRequired(message="Enter your years of experience (0 for none)."),
                    NumberRange(min=0, max=60, message="Enter a number from 0 to 60.")],
    )  # fmt: skip
    specialties = MultiCheckboxField("Specialties", choices=choices(SPECIALTIES))
    settings = MultiCheckboxField("Settings you have worked in", choices=choices(SETTINGS))
    code_sets = MultiCheckboxField("Code sets you use", choices=choices(CODE_SETS))
    tools = MultiCheckboxField("Tools (EHRs and encoders)", choices=choices(TOOLS))
    arrangements = MultiCheckboxField("Work arrangements you want", choices=choices(ARRANGEMENTS))
    employment_types = MultiCheckboxField(
        "Employment types you want", choices=choices(EMPLOYMENT_TYPES)
    )
    desired_pay = DecimalField(
        "Desired pay",
        places=2,
        validators=[Optional(), finite_number, NumberRange(min=0.01, max=1_000_000)],
    )
    desired_pay_unit = SelectField("Pay unit", choices=choices(PAY_UNITS))
    resume_file = FileField(
        "Resume",
        description="PDF or Word (.docx), at most 5 MB. Only employers you apply to see it.",
        render_kw={
            "accept": ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        },
    )
    submit = SubmitField("Save profile")

    place: geo.Place | None = None

    def validate_zip_code(self, field):
        self.place = geo.place_for_zip(field.data or "")
        if self.place is None:
            raise ValidationError("We don't know this ZIP code. Enter your 5-digit ZIP code.")

    def validate_credentials(self, field):
        chosen = [entry.credential.data for entry in field.entries if entry.credential.data]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("List each credential once.")

    def held_credentials(self) -> list[dict]:
        return [
            {
                "credential": entry.credential.data,
                "number": entry.number.data or None,
                "expires_on": entry.expires_on.data,
            }
            for entry in self.credentials.entries
            if entry.credential.data
        ]

    LISTS = ("specialties", "settings", "code_sets", "tools", "arrangements", "employment_types")

    def values(self) -> dict:
        """What was typed, as the plain values applicants.services.save_profile takes."""
        place = self.place
        return {
            "full_name": self.full_name.data,
            "headline": self.headline.data or "",
            "zip_code": place.zip_code,
            "city": place.city,
            "state": place.state,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "years_experience": self.years_experience.data,
            **{name: list(getattr(self, name).data or []) for name in self.LISTS},
            "desired_pay": self.desired_pay.data,
            "desired_pay_unit": self.desired_pay_unit.data if self.desired_pay.data else None,
            "credentials": self.held_credentials(),
        }


class ApplyForm(FlaskForm):
    resume_choice = RadioField(
        "Resume",
        choices=[("profile", "Send my profile resume"), ("upload", "Upload a different resume")],
        default="profile",
        validators=[InputRequired(message="Choose which resume to send.")],
    )
    resume = FileField("Resume to send", description="PDF or Word (.docx), at most 5 MB.")
    cover_letter = TextAreaField(
        "Cover letter",
        validators=[
            Optional(strip_whitespace=False),
            Length(
                max=MAX_COVER_LETTER,
                message=f"Keep the cover letter under {MAX_COVER_LETTER:,} characters.",
            ),
            no_control_characters_but_lines,
        ],
        description="Optional. Say why this job fits you: the codes, specialties and tools you know.",
    )
    submit = SubmitField("Send application")
