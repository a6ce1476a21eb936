"""Nobody learns who is registered: a known and an unknown address cost the same work
(password hashes with the same parameters, mails sent), so not even timing tells them apart.
Counted, not timed."""

import pytest

from careercenter.models import user as user_model
from tests.conftest import STRONG_PASSWORD, Auth, post_form


@pytest.fixture
def hashes(monkeypatch):
    """Every password hash made (its parameters) and checked, in order."""
    made, checked = [], []
    real_make, real_check = user_model.generate_password_hash, user_model.check_password_hash

    def make(password, *args, **kwargs):
        made.append((args, kwargs))
        return real_make(password, *args, **kwargs)

    def check(pwhash, password):
        checked.append(pwhash.split("$", 1)[0])  # the method and its parameters
        return real_check(pwhash, password)

    monkeypatch.setattr(user_model, "generate_password_hash", make)
    monkeypatch.setattr(user_model, "check_password_hash", check)
    return made, checked


def _register(client, email):
    data = {
        "account_type": "applicant",
        "name": "Maria Alvarez",
        "email": email,
        "password": STRONG_PASSWORD,
    }
    return post_form(client, "/register", data)


def test_registering_a_taken_address_does_the_same_work_as_a_new_one(
    app, client, other_client, make_user, outbox, hashes
):
    made, _ = hashes
    make_user(email="taken@example.com")
    made.clear()
    before = len(outbox.messages())
    new = _register(client, "fresh@example.com")
    new_work = (list(made), len(outbox.messages()) - before)
    made.clear()
    before = len(outbox.messages())
    taken = _register(other_client, "Taken@Example.com")
    taken_work = (list(made), len(outbox.messages()) - before)
    assert new.status_code == taken.status_code == 303
    assert new.headers["Location"] == taken.headers["Location"]
    assert new_work == taken_work  # one hash with the same parameters, one mail
    assert len(new_work[0]) == 1 and new_work[1] == 1
    assert outbox.last_to("taken@example.com")["Subject"] == (
        "Someone tried to register with your email"
    )


def test_login_with_an_unknown_address_checks_a_hash_like_a_wrong_password(
    client, make_user, hashes
):
    _, checked = hashes
    make_user(email="coder@example.com")
    Auth(client).login(password="not-the-password-at-all")
    known = list(checked)
    checked.clear()
    Auth(client).login(email="nobody@example.com")
    assert checked == known and len(known) == 1


def test_reset_for_a_known_and_an_unknown_address_sends_one_mail_each(client, make_user, outbox):
    make_user(email="coder@example.com")
    post_form(client, "/reset", {"email": "coder@example.com"})
    post_form(client, "/reset", {"email": "nobody@example.com"})
    assert len(outbox.to("coder@example.com")) == len(outbox.to("nobody@example.com")) == 1


def test_a_new_confirmation_link_costs_one_mail_whoever_asks(client, make_user, outbox):
    make_user(email="waiting@example.com", verified=False)
    make_user(email="confirmed@example.com")
    for email in ("waiting@example.com", "confirmed@example.com", "nobody@example.com"):
        response = post_form(client, "/verify/resend", {"email": email})
        assert response.status_code == 303
        assert len(outbox.to(email)) == 1, email
    assert "/verify/" in outbox.last_to("waiting@example.com").get_content()
    for email in ("confirmed@example.com", "nobody@example.com"):
        assert "/verify/" not in outbox.last_to(email).get_content()
