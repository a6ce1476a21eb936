from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from careercenter.forms import no_control_characters


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Reason for the employer",
        validators=[
            DataRequired(message="Give the employer a reason, so they can fix the posting."),
            Length(max=1000, message="Keep the reason under 1,000 characters."),
            no_control_characters,
        ],
    )
    submit = SubmitField("Reject")
