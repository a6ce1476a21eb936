"""Registration, login, password reset, the mailed links and account settings, fed hostile
values."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from hypothesis import given, note
from hypothesis import strategies as st

from careercenter.extensions import db
from careercenter.models import Role, User, UserSession
from tests.conftest import OTHER_STRONG_PASSWORD, STRONG_PASSWORD, Auth, post_form
from tests.fuzz.conftest import (
    FUZZ,
    FUZZ_PASSWORDS,
    assert_clean,
    count,
    fresh_limits,
    not_a_server_error,
    outcome,
    snapshot,
)
from tests.fuzz.strategies import form_with_hostile_fields, hostile_email, hostile_or, hostile_text

_numbers = itertools.count()


def _unique_email() -> str:
    return f"fuzz-{next(_numbers)}@example.com"


def _user(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


@pytest.fixture
def user(make_user):
    """coder@example.com, verified, with STRONG_PASSWORD."""
    return make_user()


@pytest.fixture
def signed_in(client, login_as):
    """`client`, signed in as coder@example.com."""
    login_as(Role.APPLICANT, email="coder@example.com")
    return client


@FUZZ
@given(
    form=form_with_hostile_fields(
        {
            "account_type": "applicant",
            "name": "Casey Coder",
            "email": None,
            "password": STRONG_PASSWORD,
        },
        {
            "account_type": hostile_or("applicant", "employer", "admin", "moderator"),
            "name": hostile_text,
            "email": hostile_email(),
            "password": hostile_text,
        },
    )
)
def test_registration(app, client, form):
    note(f"form={form!r}")
    fresh_limits()
    if form["email"] is None:
        form["email"] = _unique_email()
    users = count(app, User)
    response = post_form(client, "/register", form)
    if outcome(response) == "refused":
        assert count(app, User) == users
        return
    for user in snapshot(app, User, User.id > 0):
        assert user["role"] in (Role.APPLICANT, Role.EMPLOYER), "registration made staff"
        assert_clean(user["name"], max_length=120, what="name")
        assert_clean(user["email"], max_length=254, what="email")
        assert user["email"] == user["email"].strip().lower()
        assert user["email_verified_at"] is None


@FUZZ_PASSWORDS
@given(
    form=form_with_hostile_fields(
        {"email": "coder@example.com", "password": STRONG_PASSWORD, "remember": "y"},
        {"email": hostile_email(), "password": hostile_text, "remember": hostile_text},
        max_fields=2,
    )
)
def test_login(app, client, user, form):
    note(f"form={form!r}")
    fresh_limits()
    sessions = count(app, UserSession)
    response = post_form(client, "/login", form)
    if outcome(response) == "refused":
        assert count(app, UserSession) == sessions
    else:
        Auth(client).logout()


@FUZZ
@given(email=hostile_email())
def test_password_reset_request(app, client, user, outbox, email):
    note(f"email={email!r}")
    fresh_limits()
    response = post_form(client, "/reset", {"email": email})
    # The same page whether or not the address has an account (200), or the form again.
    assert outcome(response, accepted={200}) in ("accepted", "refused")
    for message in outbox.messages():
        if message["To"] == "coder@example.com":
            continue
        # An address without an account gets only the "no account uses it" note, alone.
        assert "no account uses it" in message.get_content()
        assert "/reset/" not in message.get_content(), "a reset link went somewhere odd"
        assert len(message.get_all("To")) == 1 and "," not in message["To"]


@FUZZ_PASSWORDS
@given(password=hostile_text)
def test_new_password_by_reset_link(app, client, user, outbox, password):
    note(f"password={password!r}")
    fresh_limits()
    if not outbox.to("coder@example.com"):
        post_form(client, "/reset", {"email": "coder@example.com"})
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    before = _user(app, "coder@example.com").password_hash
    response = post_form(client, link, {"password": password})
    if outcome(response) == "refused":
        assert _user(app, "coder@example.com").password_hash == before
    else:  # accepted: the link is spent, so ask for a new one for the next example
        assert _user(app, "coder@example.com").check_password(password)
        fresh_limits()
        post_form(client, "/reset", {"email": "coder@example.com"})


@FUZZ
@given(
    path=st.sampled_from(
        [
            "/verify/",
            "/reset/",
            "/account/email/confirm/",
            "/alerts/unsubscribe/",
            "/alerts/resubscribe/",
        ]  # fmt: skip
    ),
    token=hostile_text.filter(bool),
    method=st.sampled_from(["GET", "POST"]),
)
def test_mailed_links_with_forged_tokens(app, client, user, path, token, method):
    note(f"{method} {path} token={token!r}")
    fresh_limits()
    users = snapshot(app, User, User.id > 0)
    url = path + quote(token, safe="")
    response = post_form(client, url, {}) if method == "POST" else client.get(url)
    not_a_server_error(response)
    assert response.status_code in (400, 404, 405, 308), response.status_code
    assert snapshot(app, User, User.id > 0) == users


@FUZZ
@given(email=hostile_email())
def test_resend_verification(app, client, make_user, outbox, email):
    note(f"email={email!r}")
    if not count(app, User):
        make_user(verified=False)
    fresh_limits()
    response = post_form(client, "/verify/resend", {"email": email})
    outcome(response)
    for message in outbox.messages():
        if message["To"] == "coder@example.com":
            continue
        # An address without an account gets only the "no account uses it" note, alone.
        assert "no account uses it" in message.get_content()
        assert "/verify/" not in message.get_content(), "a confirmation link went somewhere odd"
        assert len(message.get_all("To")) == 1 and "," not in message["To"]


# -- the signed-in user's settings ----------------------------------------------------------


@FUZZ_PASSWORDS
@given(
    form=form_with_hostile_fields(
        {
            "password-current_password": STRONG_PASSWORD,
            "password-new_password": OTHER_STRONG_PASSWORD,
        },
        {"password-current_password": hostile_text, "password-new_password": hostile_text},
    )
)
def test_change_password(app, client, signed_in, form):
    note(f"form={form!r}")
    fresh_limits()
    before = _user(app, "coder@example.com")
    response = post_form(client, "/account/password", form)
    after = _user(app, "coder@example.com")
    if outcome(response) == "refused":
        assert after.password_hash == before.password_hash
    else:
        assert after.check_password(form["password-new_password"])
        with app.app_context():  # back to the known password for the next example
            user = db.session.get(User, after.id)
            user.set_password(STRONG_PASSWORD)
            db.session.commit()


@FUZZ_PASSWORDS
@given(
    form=form_with_hostile_fields(
        {"email-new_email": "new@example.com", "email-current_password": STRONG_PASSWORD},
        {"email-new_email": hostile_email(), "email-current_password": hostile_text},
    )
)
def test_change_email(app, client, signed_in, outbox, form):
    note(f"form={form!r}")
    fresh_limits()
    response = post_form(client, "/account/email", form)
    outcome(response)
    # The address changes only when the mailed link is followed.
    assert _user(app, "coder@example.com") is not None
    for message in outbox.messages():
        assert_clean(message["To"], max_length=254, what="the address mailed")


@FUZZ_PASSWORDS
@given(
    form=st.fixed_dictionaries(
        {"delete-current_password": hostile_text},
        optional={"delete-confirm": hostile_or("y", "on", "1")},
    )
)
def test_delete_account_with_a_wrong_password(app, client, signed_in, form):
    note(f"form={form!r}")
    fresh_limits()
    if form["delete-current_password"] == STRONG_PASSWORD:
        form["delete-current_password"] += "x"
    response = post_form(client, "/account/delete", form)
    assert outcome(response) == "refused"
    assert _user(app, "coder@example.com") is not None
