"""The staff area's forms. Every decision is a POST with a CSRF token; reasons have limits
and say so."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from careercenter.forms import (
    WholeNumberField,
    email_field,
    no_control_characters,
    no_control_characters_but_lines,
)
from careercenter.models import AuditAction, AuditTarget
from careercenter.moderation.review import REASON_MAX_LENGTH, SEND_BACK_REASONS

BULK_MAX = 100
# The largest id a database column holds (PostgreSQL's integer): a larger number, a negative
# one or a word is no id, and must not reach the database (a bigint overflow, a 500).
ID_MAX = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")
ACCOUNT_REASON_MAX = 500  # users.suspension_reason


def _too_long(limit: int) -> Length:
    return Length(max=limit, message=f"Keep it to {limit:,} characters or fewer.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class DecisionForm(FlaskForm):
    """Base of the decisions on a posting: `seen` is the review token of the version the
    moderator read (see careercenter.moderation.review)."""

    seen = HiddenField()


class ApproveForm(DecisionForm):
    # Asked only of a job with a strong scam signal (see admin.routes.approve).
    checked_signals = BooleanField(
        "I have checked the strong warning signs above and this job is genuine"
    )
    submit = SubmitField("Approve and publish")


class SendBackForm(DecisionForm):
    """Reject a submitted posting, or take a public one down: a standard reason, free text,
    or both; the employer is mailed the result."""

    reason_code = SelectField(
        "Standard reason",
        choices=[("", "Choose a reason (optional)"), *SEND_BACK_REASONS.items()],
        default="",
    )
    reason = TextAreaField(
        "Reason for the employer",
        validators=[_too_long(REASON_MAX_LENGTH), no_control_characters_but_lines],
        filters=[_strip],
        description="The employer reads this in a mail and next to the job.",
    )

    def validate_reason(self, field) -> None:
        code = self.reason_code.data
        if not field.data and not code:
            raise ValidationError("Give the employer a reason, so they can fix the posting.")
        if code == "other" and not field.data:
            raise ValidationError("You chose “another reason”: explain it in your own words.")


class RequestChangesForm(DecisionForm):
    note = TextAreaField(
        "What the employer should change",
        validators=[
            DataRequired(message="Tell the employer what to change."),
            _too_long(REASON_MAX_LENGTH),
            no_control_characters_but_lines,
        ],
        filters=[_strip],
        description="The job goes back to the employer with this note, by mail too.",
    )


class ProfileRejectForm(DecisionForm):
    """Turn down a company's profile change: the approved profile stays."""

    reason = TextAreaField(
        "Reason for the employer",
        validators=[
            DataRequired(message="Give the employer a reason, so they can fix the profile."),
            _too_long(REASON_MAX_LENGTH),
            no_control_characters_but_lines,
        ],
        filters=[_strip],
        description="The employer reads this in a mail.",
    )


class KeepForm(DecisionForm):
    note = TextAreaField(
        "Note for the log (optional)",
        validators=[
            Optional(strip_whitespace=False),
            _too_long(REASON_MAX_LENGTH),
            no_control_characters_but_lines,
        ],
        filters=[_strip],
    )


class IdListField(SelectMultipleField):
    """Ticked rows' ids: whole numbers from 1 to ID_MAX, or the form is refused with a
    message (field.process_errors tells the view it was no id at all)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        if not all(_ID.fullmatch(value) and 1 <= int(value) <= ID_MAX for value in valuelist):
            self.data = []
            raise ValueError(
                "Some of the ticked jobs are not jobs of this queue. Reload the page and tick "
                "them again."
            )
        self.data = [int(value) for value in valuelist]


class BulkApproveForm(FlaskForm):
    posting_ids = IdListField("Jobs to approve")

    def validate_posting_ids(self, field) -> None:
        if field.process_errors:
            return
        if not field.data:
            raise ValidationError("Tick at least one job to approve.")
        if len(field.data) > BULK_MAX:
            raise ValidationError(f"Approve at most {BULK_MAX} jobs at a time.")


class AccountReasonForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        validators=[
            DataRequired(
                message="Give a reason: the account's owner is told it, and the log keeps it."
            ),
            _too_long(ACCOUNT_REASON_MAX),
            no_control_characters_but_lines,
        ],
        filters=[_strip],
    )


class GrantModeratorForm(FlaskForm):
    email = email_field("Email of the coder account")


class AuditFilterForm(FlaskForm):
    """The audit page's filters, read from the query string."""

    class Meta:
        csrf = False

    actor = StringField(
        "Done by (email contains, or “system”)",
        validators=[
            Optional(strip_whitespace=False),
            Length(max=254, message="Use at most 254 characters."),
            no_control_characters,
        ],
        filters=[_strip],
    )
    action = SelectField(
        "Action",
        choices=[("", "Any action"), *((a.value, a.label) for a in AuditAction)],
        default="",
    )
    target_type = SelectField(
        "Target",
        choices=[("", "Anything"), *((t.value, t.label) for t in AuditTarget)],
        default="",
    )
    target_id = WholeNumberField(
        "Target number",
        validators=[Optional(), NumberRange(min=1, max=ID_MAX, message="Use a number from 1.")],
    )
