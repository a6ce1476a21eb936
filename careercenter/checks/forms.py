from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from careercenter.checks import services
from careercenter.checks.scoring import Code
from careercenter.forms import (
    WholeNumberField,
    no_control_characters,
    no_control_characters_but_lines,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _percent(label: str, default: int, description: str) -> WholeNumberField:
    return WholeNumberField(
        label,
        default=default,
        validators=[
            InputRequired(message="Enter a percentage from 0 to 100."),
            NumberRange(min=0, max=100, message="Enter a percentage from 0 to 100."),
        ],
        description=description,
    )


class CheckForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Name the check."),
            Length(max=120, message="Use at most 120 characters."),
            no_control_characters,
        ],
        filters=[_strip],
        description="Only your company sees it, e.g. “Outpatient ortho, 10 cases”.",
    )
    instructions = TextAreaField(
        "Instructions for the coder",
        validators=[Length(max=2000), no_control_characters_but_lines],
        filters=[_strip],
    )
    time_limit_minutes = WholeNumberField(
        "Time limit in minutes",
        validators=[
            Optional(),
            NumberRange(min=1, max=240, message="Enter 1 to 240 minutes, or leave it empty."),
        ],
        description="Leave empty for no limit. The clock runs on our server from the moment "
        "the coder starts; closing the page does not stop it.",
    )
    pass_mark = WholeNumberField(
        "Pass mark (%)",
        default=85,
        validators=[
            InputRequired(message="Enter the pass mark."),
            NumberRange(min=0, max=100, message="Enter a percentage from 0 to 100."),
        ],
    )
    sequence_matters = BooleanField(
        "Sequence matters: the first-listed diagnosis must be given first", default=True
    )
    show_score = BooleanField("The applicant sees their score when they finish", default=True)
    layout = RadioField(
        "Cases are shown",
        choices=[("one", "One at a time"), ("all", "All on one page")],
        default="one",
        validators=[InputRequired(message="Choose how the cases are shown.")],
    )
    allow_reuse = BooleanField(
        "A coder who took this check for another of your jobs may reuse that attempt"
    )
    credit_specificity = _percent(
        "Right category, wrong specificity (E11.51 for E11.52)", 50, "Percent of the point."
    )
    credit_seventh = _percent(
        "Right code, wrong or missing 7th character", 50, "Percent of the point."
    )
    credit_modifier = _percent("Right code, wrong or missing modifier", 75, "Percent of the point.")
    sequence_loss = _percent(
        "First-listed diagnosis out of sequence", 25, "Percent of its credit taken off."
    )
    penalty_wrong_extra = _percent(
        "Each wrong extra code", 50, "Percent of a point taken off the case."
    )
    penalty_redundant_extra = _percent(
        "Each redundant extra code (repeated, or a heading of a code given)",
        10,
        "Percent of a point taken off the case.",
    )

    def values(self) -> dict:
        values = {name: getattr(self, name).data for name in services.SETTINGS if name in self}
        values["one_at_a_time"] = self.layout.data == "one"
        return values

    def fill_from(self, check) -> None:
        for name in services.SETTINGS:
            if name in self:
                getattr(self, name).data = getattr(check, name)
        self.layout.data = "one" if check.one_at_a_time else "all"


class CaseForm(FlaskForm):
    title = StringField(
        "Case title",
        validators=[DataRequired(message="Give the case a short title."), Length(max=120),
                    no_control_characters],
        filters=[_strip],
        description="The coder sees it, so don't give the answer away.",
    )  # fmt: skip
    scenario = TextAreaField(
        "Scenario",
        validators=[
            DataRequired(message="Write the scenario."),
            Length(min=20, max=4000, message="Use 20 to 4,000 characters."),
            no_control_characters_but_lines,
        ],
        filters=[_strip],
        description="De-identified: no names, dates of birth, record numbers or addresses.",
    )
    diagnoses = TextAreaField(
        "Expected diagnoses (ICD-10-CM), in sequence",
        validators=[Length(max=600), no_control_characters_but_lines],
        description="First-listed first, separated by commas or lines, e.g. E11.52, Z79.4.",
    )
    procedures = TextAreaField(
        "Expected procedures (CPT, HCPCS or ICD-10-PCS) with modifiers",
        validators=[Length(max=600), no_control_characters_but_lines],
        description="Modifiers after a hyphen, e.g. 28296-RT, 99213-25.",
    )

    codes: list[Code]
    warnings: list[str]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self.codes, errors, self.warnings = services.expected_codes(
            self.diagnoses.data or "", self.procedures.data or ""
        )
        if errors:
            self.diagnoses.errors = [*self.diagnoses.errors, *errors]
            return False
        return ok

    def fill_from(self, case) -> None:
        self.title.data, self.scenario.data = case.title, case.scenario
        codes = [Code.from_dict(c) for c in case.expected]
        self.diagnoses.data = ", ".join(str(c) for c in codes if c.system == "icd-10-cm")
        self.procedures.data = ", ".join(str(c) for c in codes if c.system != "icd-10-cm")


def answer_form(positions: list[int], answers: dict[int, str], formdata=None) -> FlaskForm:
    """The coder's boxes for these cases (one, or all of them), filled with what was saved."""

    class AnswerForm(FlaskForm):
        # Which button was pressed: save, next, previous or finish (buttons name "action").
        action = StringField(validators=[Optional(), Length(max=20)])

    for position in positions:
        setattr(
            AnswerForm,
            f"case_{position}",
            TextAreaField(
                f"Your codes for case {position + 1}",
                validators=[
                    Length(max=services.MAX_ANSWER_CHARS, message="Use at most 600 characters."),
                    no_control_characters_but_lines,
                ],
                default=answers.get(position, ""),
                description="Diagnoses first, the first-listed one first, then procedures; "
                "separate codes with commas or lines; modifiers after a hyphen (27257-RT).",
            ),
        )
    return AnswerForm(formdata=formdata) if formdata is not None else AnswerForm()


class PostingCheckForm(FlaskForm):
    """The posting form's coding-check select (a form of its own, sent with the posting's)."""

    class Meta:
        csrf = False  # the posting form around it carries the token

    skill_check = SelectField(
        "Coding check",
        choices=[("", "No coding check")],
        default="",
        description="Applicants take it as part of applying. Build checks under "
        "“Coding checks” in your dashboard.",
    )

    @property
    def check_id(self) -> int | None:
        return int(self.skill_check.data) if self.skill_check.data else None
