"""Form pieces shared by every blueprint."""

from __future__ import annotations

import unicodedata

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import Select

from careercenter.passwords import password_problem


class EmptyForm(FlaskForm):
    """A form with nothing but its CSRF token, for one-click POST actions."""


class CachedOptionsSelect(Select):
    """WTForms' select, remembering what it rendered for the same menu, selection and
    attributes. The search form's menus (credentials, specialties, settings...) are on every
    search page, and building their <option> tags anew took a quarter of the page's time.
    A menu whose choices cannot be a dictionary key is rendered afresh each time."""

    MAX_REMEMBERED = 1024
    _rendered: dict = {}

    def __call__(self, field, **kwargs):
        flags = tuple(bool(getattr(field.flags, name, False)) for name in self.validation_attrs)
        try:
            key = (type(self), self.multiple, field.name, field.id, field.coerce,
                   tuple(field.choices or ()), field.data, flags, tuple(sorted(kwargs.items())))  # fmt: skip
            html = self._rendered.get(key)
        except TypeError:  # unhashable choices or attributes
            return super().__call__(field, **kwargs)
        if html is None:
            html = super().__call__(field, **kwargs)
            if len(self._rendered) >= self.MAX_REMEMBERED:
                self._rendered.clear()
            self._rendered[key] = html
        return html


# Every character str.splitlines() breaks a line at: line feed, carriage return, vertical
# tab, form feed, the file/group/record separators, next line, and Unicode's line and
# paragraph separators (which are not control characters, yet mail headers refuse them).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


INVISIBLE = {"Cc", "Cf", "Cs", "Co"}
ZWJ, ZWNJ = "\u200d", "\u200c"


def is_joiner_in_text(value: str, index: int) -> bool:
    """A joiner that is part of the text: a zero-width joiner inside an emoji sequence
    (👩‍💻, 👨🏽‍⚕️) or a zero-width non-joiner between letters (Persian, Indic names)."""
    before = value[index - 1] if index else ""
    after = value[index + 1] if index + 1 < len(value) else ""
    if not before or not after:
        return False
    if value[index] == ZWJ:
        return (
            unicodedata.category(before) in {"So", "Sk", "Mn"}
            and unicodedata.category(after) == "So"
        )
    return unicodedata.category(before)[0] in "LM" and unicodedata.category(after)[0] in "LM"


def has_invisible_characters(value: str) -> bool:
    return any(
        unicodedata.category(ch) in INVISIBLE
        and not (ch in (ZWJ, ZWNJ) and is_joiner_in_text(value, i))
        for i, ch in enumerate(value)
    )


def no_control_characters(form, field) -> None:
    """For single-line text (a name, a title): no line breaks of any kind, and no
    invisible control characters."""
    value = field.data or ""
    if any(ch in LINE_BREAKS for ch in value):
        raise ValidationError("Keep this on one line: remove the line break from it.")
    if has_invisible_characters(value):
        raise ValidationError("Remove the invisible control characters from this field.")


def no_control_characters_but_lines(form, field) -> None:
    """For multi-line text: line breaks and tabs are fine, other control characters not."""
    value = (field.data or "").replace("\r", "").replace("\n", "").replace("\t", "")
    if has_invisible_characters(value):
        raise ValidationError("Remove the invisible control characters from this text.")


class WholeNumberField(IntegerField):
    """An IntegerField that reads only plain digits, at most nine of them. Python's int()
    also reads full-width and other Unicode digits of any length, and a thousand-digit
    number makes NumberRange raise (it converts to float) instead of refusing it."""

    MAX_DIGITS = 9

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", None):
            return super().process_formdata(valuelist)
        text = str(valuelist[0]).strip()
        digits = text.removeprefix("-")
        if not (digits.isascii() and digits.isdigit() and len(digits) <= self.MAX_DIGITS):
            self.data = None
            raise ValueError(self.gettext("Enter a whole number, like 3."))
        self.data = int(text)


def finite_number(form, field) -> None:
    """DecimalField reads "NaN", "sNaN" and "Infinity" as numbers; they are not amounts, and
    NaN cannot even be compared (NumberRange raises on "sNaN"), so the chain stops here."""
    if field.data is not None and not field.data.is_finite():
        raise StopValidation("Enter an amount in dollars, like 26.50.")


def email_field(label: str = "Email") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(message="Enter your email address."),
            Length(max=254, message="An email address has at most 254 characters."),
            no_control_characters,
            Email(message="Enter an email address like name@example.com."),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"},
    )


class StrongPassword:
    """Refuse a password that is too short, too long or guessable, saying why.

    The other fields named in `personal_fields` (email, name) count as guessable inputs.
    """

    def __init__(self, personal_fields: tuple[str, ...] = (), user_attr: str | None = None):
        self.personal_fields = personal_fields
        self.user_attr = user_attr

    def __call__(self, form, field) -> None:
        inputs = [getattr(form, name).data or "" for name in self.personal_fields]
        user = getattr(form, self.user_attr, None) if self.user_attr else None
        if user is not None:
            inputs += [user.email, user.name]
        problem = password_problem(field.data or "", inputs)
        if problem:
            raise ValidationError(problem)


def new_password_field(label: str, *, personal_fields=(), user_attr=None) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(message="Choose a password."),
            StrongPassword(personal_fields, user_attr),
        ],
        render_kw={"autocomplete": "new-password"},
        description="At least 12 characters. A passphrase of several unrelated words is ideal.",
    )


class CurrentPassword:
    """The field must hold the password of the form's `user`."""

    def __call__(self, form, field) -> None:
        if not form.user.check_password(field.data or ""):
            raise ValidationError("That is not your current password.")


def current_password_field() -> PasswordField:
    return PasswordField(
        "Current password",
        validators=[InputRequired(message="Enter your current password."), CurrentPassword()],
        render_kw={"autocomplete": "current-password"},
    )
