"""Mailed links die when what they were made for changes: the account's email, its password,
or a change that was later undone (A to B and back to A)."""

import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import User
from tests.conftest import OTHER_STRONG_PASSWORD, STRONG_PASSWORD, post_form


def _change_email(client, outbox, new_email):
    response = post_form(
        client,
        "/account/email",
        {"email-new_email": new_email, "email-current_password": STRONG_PASSWORD},
    )
    assert response.status_code == 303
    return outbox.link(outbox.last_to(new_email), "/account/email/confirm/")


def _email(app):
    with app.app_context():
        return db.session.scalar(sa.select(User.email))


def test_a_reset_link_dies_when_the_email_changes(app, client, auth, make_user, outbox):
    make_user(email="coder@example.com")
    post_form(client, "/reset", {"email": "coder@example.com"})
    reset_link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    auth.login()
    assert client.get(_change_email(client, outbox, "new@example.com")).status_code == 302
    auth.logout()
    page = client.get(reset_link)
    assert page.status_code == 400
    assert post_form(client, reset_link, {"password": OTHER_STRONG_PASSWORD}).status_code == 400
    assert auth.login(email="new@example.com").status_code == 303  # the password is unchanged


def test_a_used_reset_link_dies_with_the_password_it_replaced(client, make_user, outbox):
    make_user(email="coder@example.com")
    post_form(client, "/reset", {"email": "coder@example.com"})
    reset_link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    assert post_form(client, reset_link, {"password": OTHER_STRONG_PASSWORD}).status_code == 303
    assert client.get(reset_link).status_code == 400


def test_an_email_change_link_replayed_after_a_to_b_to_a_is_refused(
    app, client, auth, make_user, outbox
):
    make_user(email="a@example.com")
    auth.login(email="a@example.com")
    to_b = _change_email(client, outbox, "b@example.com")
    assert client.get(to_b).status_code == 302
    to_a = _change_email(client, outbox, "a@example.com")
    assert client.get(to_a).status_code == 302
    assert _email(app) == "a@example.com"
    assert client.get(to_b).status_code == 400  # the old link to B is spent for good
    assert _email(app) == "a@example.com"


def test_an_email_change_link_dies_when_the_password_changes(app, client, auth, make_user, outbox):
    make_user(email="a@example.com")
    auth.login(email="a@example.com")
    to_b = _change_email(client, outbox, "b@example.com")
    changed = post_form(
        client,
        "/account/password",
        {
            "password-current_password": STRONG_PASSWORD,
            "password-new_password": OTHER_STRONG_PASSWORD,
        },
    )
    assert changed.status_code == 303
    assert client.get(to_b).status_code == 400
    assert _email(app) == "a@example.com"


def test_a_confirm_link_dies_when_the_email_changes_even_if_changed_back(app, client, auth, outbox):
    post_form(
        client,
        "/register",
        {
            "account_type": "applicant",
            "name": "Maria Alvarez",
            "email": "a@example.com",
            "password": STRONG_PASSWORD,
        },
    )
    confirm = outbox.link(outbox.last_to("a@example.com"), "/verify/")
    assert client.get(confirm).status_code == 303
    auth.login(email="a@example.com")
    assert client.get(_change_email(client, outbox, "b@example.com")).status_code == 302
    assert client.get(confirm).status_code == 400
    assert client.get(_change_email(client, outbox, "a@example.com")).status_code == 302
    assert client.get(confirm).status_code == 400
