from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from careercenter.forms import current_password_field, email_field, new_password_field
from careercenter.models.user import normalise_email


class _UserForm(FlaskForm):
    """A form about the signed-in user's own account."""

    # Several of these forms share one page: a prefix keeps their field ids apart.
    form_prefix = ""

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)
        self.user = user


class ChangePasswordForm(_UserForm):
    form_prefix = "password"
    current_password = current_password_field()
    new_password = new_password_field("New password", user_attr="user")
    submit = SubmitField("Change password")

    def validate_new_password(self, field):
        if field.data and self.user.check_password(field.data):
            raise ValidationError("Choose a password different from your current one.")


class ChangeEmailForm(_UserForm):
    form_prefix = "email"
    new_email = email_field("New email")
    current_password = current_password_field()
    submit = SubmitField("Send confirmation link")

    def validate_new_email(self, field):
        if field.data and normalise_email(field.data) == self.user.email:
            raise ValidationError("That is already your email.")


class DeleteAccountForm(_UserForm):
    form_prefix = "delete"
    current_password = current_password_field()
    confirm = BooleanField(
        "I understand that my account and its data will be deleted for good",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )
    submit = SubmitField("Delete my account")
