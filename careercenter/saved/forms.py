from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from careercenter.forms import no_control_characters
from careercenter.models import AlertFrequency

FREQUENCIES = [
    (AlertFrequency.DAILY.value, "Daily"),
    (AlertFrequency.WEEKLY.value, "Weekly"),
]


class CreateAlertForm(FlaskForm):
    query = HiddenField(
        validators=[Optional(), Length(max=1000, message="This search is too long to save.")]
    )
    name = StringField(
        "Name this alert",
        validators=[
            Optional(strip_whitespace=False),
            Length(max=120, message="Use at most 120 characters."),
            no_control_characters,
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        description="Optional. We name it after your filters otherwise.",
    )
    frequency = SelectField(
        "Mail me new jobs",
        choices=FREQUENCIES,
        default=AlertFrequency.DAILY.value,
        validators=[DataRequired(message="Choose how often.")],
    )
    submit = SubmitField("Create job alert")


class EditAlertForm(FlaskForm):
    frequency = SelectField(
        "How often", choices=FREQUENCIES, validators=[DataRequired(message="Choose how often.")]
    )
    active = BooleanField("Send this alert")
    submit = SubmitField("Save")
