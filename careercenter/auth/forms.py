from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from careercenter.forms import email_field, new_password_field, no_control_characters
from careercenter.models import Role


class RegistrationForm(FlaskForm):
    account_type = RadioField(
        "What brings you to CareerCenter?",
        choices=[
            SelectChoice(Role.APPLICANT.value, "I'm looking for medical coding work"),
            SelectChoice(Role.EMPLOYER.value, "I'm hiring medical coders"),
        ],
        validators=[InputRequired(message="Choose whether you are looking for work or hiring.")],
    )
    name = StringField(
        "Your name",
        validators=[
            DataRequired(message="Enter your name."),
            Length(max=120, message="Use at most 120 characters."),
            no_control_characters,
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "name"},
    )
    email = email_field()
    password = new_password_field("Password", personal_fields=("email", "name"))
    submit = SubmitField("Create account")

    @property
    def role(self) -> Role:
        return Role(self.account_type.data)


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        "Password",
        validators=[InputRequired(message="Enter your password."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Log in")


class EmailOnlyForm(FlaskForm):
    email = email_field()
    submit = SubmitField("Send link")


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password", user_attr="user")
    submit = SubmitField("Set new password")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
