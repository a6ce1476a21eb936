from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from careercenter.applications.services import MAX_NOTE_CHARS
from careercenter.forms import no_control_characters_but_lines
from careercenter.models import PIPELINE
from careercenter.vocabulary import CREDENTIALS, choices


class StatusForm(FlaskForm):
    status = SelectField(
        "Status",
        choices=[(s.value, s.label) for s in PIPELINE],
        validators=[DataRequired(message="Choose a status.")],
    )
    mail_applicant = BooleanField(
        "If rejected, send the applicant a courteous mail",
        default=True,
        description="A short, polite message: the job went to another candidate. "
        "Your notes are never sent.",
    )
    submit = SubmitField("Update status")


class NoteForm(FlaskForm):
    body = TextAreaField(
        "Add a private note",
        validators=[
            DataRequired(message="Write the note first."),
            Length(max=MAX_NOTE_CHARS, message=f"Keep a note under {MAX_NOTE_CHARS:,} characters."),
            no_control_characters_but_lines,
        ],
        description="Only your company sees notes; the applicant never does.",
    )
    submit = SubmitField("Save note")


class ApplicantFilterForm(FlaskForm):
    """The GET filters above a posting's applicants (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    status = SelectField(
        "Status",
        choices=[("", "Any status")]
        + [(s.value, s.label) for s in PIPELINE]
        + [("withdrawn", "Withdrawn")],
        default="",
    )
    credential = SelectField(
        "Credential", choices=[("", "Any credential")] + choices(CREDENTIALS), default=""
    )
    # -- coding checks (issue 17): shown when the posting asks for one
    check = SelectField(
        "Coding check",
        choices=[("", "Any result"), ("passed", "Passed"), ("failed", "Not passed"),
                 ("pending", "Not taken yet")],
        default="",
    )  # fmt: skip
    sort = SelectField(
        "Order", choices=[("", "Newest first"), ("score", "Highest check score first")], default=""
    )
    submit = SubmitField("Filter")
