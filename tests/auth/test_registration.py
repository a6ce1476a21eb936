import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import Role, User
from tests.conftest import STRONG_PASSWORD, post_form


def _register(client, **overrides):
    data = {
        "account_type": "applicant",
        "name": "Maria Alvarez",
        "email": "maria@example.com",
        "password": STRONG_PASSWORD,
        **overrides,
    }
    return post_form(client, "/register", data)


def _users(app):
    with app.app_context():
        return db.session.scalars(sa.select(User)).all()


def test_register_page_asks_whether_hiring_or_looking_for_work(client):
    page = client.get("/register").get_data(as_text=True)
    assert "I&#39;m looking for medical coding work" in page
    assert "I&#39;m hiring medical coders" in page


def test_register_link_can_preselect_the_account_type(client):
    page = client.get("/register?as=employer").get_data(as_text=True)
    assert 'value="employer" checked' in page or 'checked id="account_type-1"' in page


def test_coder_registers_confirms_email_and_logs_in(app, client, outbox):
    response = _register(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/register/check-your-inbox")
    assert "maria@example.com" in client.get("/register/check-your-inbox").get_data(True)

    # Before confirming, logging in is refused with an explanation.
    response = post_form(
        client, "/login", {"email": "maria@example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 422
    assert "Confirm your email before you log in" in response.get_data(as_text=True)

    link = outbox.link(outbox.last_to("maria@example.com"), "/verify/")
    response = client.get(link)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    response = post_form(
        client, "/login", {"email": "maria@example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert "Hello, Maria Alvarez" in home
    assert "Jobs that match your profile" in home
    (user,) = _users(app)
    assert user.role is Role.APPLICANT and user.is_verified


def test_employer_registers_as_employer(app, client, outbox):
    _register(client, account_type="employer", name="Priya Nair", email="priya@clinic.example")
    client.get(outbox.link(outbox.last_to("priya@clinic.example"), "/verify/"))
    (user,) = _users(app)
    assert user.role is Role.EMPLOYER


def test_smuggled_role_field_is_ignored(app, client):
    response = _register(client, role="admin", is_admin="1")
    assert response.status_code == 303
    (user,) = _users(app)
    assert user.role is Role.APPLICANT


def test_admin_cannot_be_chosen_at_registration(app, client):
    response = _register(client, account_type="admin")
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _users(app) == []


def test_email_is_unique_whatever_its_case_and_registration_reveals_nothing(
    app, client, other_client, outbox
):
    first = _register(client, email="Maria@Example.com")
    second = _register(other_client, email="maria@EXAMPLE.com", name="Impostor")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    (user,) = _users(app)
    assert user.email == "maria@example.com" and user.name == "Maria Alvarez"
    subjects = [m["Subject"] for m in outbox.to("maria@example.com")]
    assert subjects == [
        "Confirm your email for CareerCenter",
        "Someone tried to register with your email",
    ]


def test_guessable_password_is_refused_with_the_reason_and_the_form_kept(app, client):
    response = _register(client, password="password1234")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "common password" in page.lower() or "guess" in page.lower()
    assert 'value="Maria Alvarez"' in page
    assert 'value="maria@example.com"' in page
    assert "password1234" not in page
    assert _users(app) == []


def test_password_made_of_the_users_own_details_is_refused(client):
    response = _register(client, email="alvarezmaria@example.com", password="alvarezmaria1")
    assert response.status_code == 422


def test_short_password_is_refused(client):
    page = _register(client, password="Tr0ub4d!x").get_data(as_text=True)
    assert "Use at least 12 characters" in page


def test_long_passphrase_is_accepted(app, client):
    passphrase = "correct horse battery staple " * 8
    assert _register(client, password=passphrase).status_code == 303
    assert len(_users(app)) == 1


def test_invalid_email_and_missing_fields_get_messages_next_to_fields(client):
    response = post_form(client, "/register", {"email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose whether you are looking for work or hiring." in page
    assert "Enter your name." in page
    assert "Enter an email address like name@example.com." in page
    assert 'aria-invalid="true"' in page


def test_hostile_input_gets_a_message_not_a_500(app, client):
    for name in [
        "\x00\x07bell",
        "<script>alert(1)</script>" * 20,
        "名前" * 100,
        "'; DROP TABLE users; --",
    ]:
        response = _register(client, name=name)
        assert response.status_code in (303, 422)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert all("\x00" not in u.name for u in _users(app))


def test_verification_link_that_was_tampered_with_is_refused(client, outbox):
    _register(client)
    link = outbox.link(outbox.last_to("maria@example.com"), "/verify/")
    response = client.get(link[:-3] + "xyz")
    assert response.status_code == 400
    assert "This link does not work" in response.get_data(as_text=True)


def test_expired_verification_link_offers_a_new_one(app, client, outbox):
    _register(client)
    link = outbox.link(outbox.last_to("maria@example.com"), "/verify/")
    app.config["EMAIL_VERIFY_MAX_AGE"] = -1
    try:
        response = client.get(link)
    finally:
        app.config["EMAIL_VERIFY_MAX_AGE"] = 3 * 86400
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This link has expired" in page
    assert "Send a new link" in page


def test_resend_verification_sends_a_fresh_link(client, outbox):
    _register(client)
    response = post_form(client, "/verify/resend", {"email": "maria@example.com"})
    assert response.status_code == 303
    assert len(outbox.to("maria@example.com")) == 2
