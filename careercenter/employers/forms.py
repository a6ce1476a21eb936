from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from careercenter.forms import no_control_characters, no_control_characters_but_lines
from careercenter.models import NotifyMode
from careercenter.vocabulary import COMPANY_SIZES, ORG_TYPES, US_STATES, choices

MAX_LOGO_BYTES = 2 * 1024 * 1024


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CompanyForm(FlaskForm):
    name = StringField(
        "Company name",
        validators=[
            DataRequired(message="Enter the company's name."),
            Length(max=120, message="Use at most 120 characters."),
            no_control_characters,
        ],
        filters=[_strip],
        render_kw={"autocomplete": "organization"},
    )
    website = URLField(
        "Website",
        validators=[Optional(strip_whitespace=False), Length(max=300), no_control_characters],
        filters=[_strip],
        description="The full address, starting with https://.",
    )
    org_type = SelectField(
        "Type of organization",
        choices=[("", "Choose a type")] + choices(ORG_TYPES),
        validators=[DataRequired(message="Choose the type of organization.")],
    )
    size = SelectField(
        "Size",
        choices=[("", "Choose a size")] + choices(COMPANY_SIZES),
        validators=[DataRequired(message="Choose the company's size.")],
    )
    hq_city = StringField(
        "Headquarters city",
        validators=[
            DataRequired(message="Enter the headquarters city."),
            Length(max=80),
            no_control_characters,
        ],
        filters=[_strip],
    )
    hq_state = SelectField(
        "Headquarters state",
        choices=[("", "Choose a state")] + list(US_STATES.items()),
        validators=[DataRequired(message="Choose the headquarters state.")],
    )
    about = TextAreaField(
        "About the company",
        validators=[
            Optional(strip_whitespace=False),
            Length(max=10000, message="Use at most 10,000 characters."),
            no_control_characters_but_lines,
        ],
        description="Markdown. What coders should know: your teams, tools, training, culture.",
    )
    logo = FileField(
        "Logo",
        validators=[
            FileSize(MAX_LOGO_BYTES, message="The logo must be at most 2 MB."),
        ],
        description="PNG, JPEG, GIF or WebP, at most 2 MB. We resize it to fit 400 × 400.",
        render_kw={"accept": "image/png,image/jpeg,image/gif,image/webp"},
    )
    notify_mode = RadioField(
        "Mail me about new applications",
        choices=[
            (NotifyMode.EACH.value, "One mail per application, as it arrives"),
            (NotifyMode.DIGEST.value, "One daily digest of the day's applications"),
        ],
        default=NotifyMode.EACH.value,
        validators=[DataRequired(message="Choose how we tell you about applications.")],
    )
    submit = SubmitField("Save company profile")

    def validate_website(self, field):
        if not field.data:
            return
        if not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError("The address must start with https:// or http://.")
        URL(require_tld=True, message="Enter a full web address, e.g. https://example.com.")(
            self, field
        )

    def values(self) -> dict:
        """What was typed, as the plain values employers.services.save_company takes."""
        return {
            "name": self.name.data,
            "website": self.website.data or None,
            "hq_city": self.hq_city.data,
            "about_md": self.about.data or "",
            "org_type": self.org_type.data,
            "size": self.size.data,
            "hq_state": self.hq_state.data,
            "notify_mode": self.notify_mode.data,
        }
