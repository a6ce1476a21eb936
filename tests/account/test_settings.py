import sqlalchemy as sa

from careercenter.extensions import db
from careercenter.models import User, UserSession
from tests.conftest import OTHER_STRONG_PASSWORD, STRONG_PASSWORD, Auth, post_form


def test_account_page_needs_a_login(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_change_password_keeps_this_session_and_ends_the_others(
    client, other_client, auth, make_user, outbox
):
    make_user()
    Auth(other_client).login()
    auth.login()
    response = post_form(
        client,
        "/account/password",
        {
            "password-current_password": STRONG_PASSWORD,
            "password-new_password": OTHER_STRONG_PASSWORD,
        },
    )
    assert response.status_code == 303
    assert client.get("/account/").status_code == 200
    assert other_client.get("/account/").status_code == 302
    assert (
        outbox.last_to("coder@example.com")["Subject"] == "Your CareerCenter password was changed"
    )


def test_change_password_needs_the_current_one(client, auth, make_user):
    make_user()
    auth.login()
    response = post_form(
        client,
        "/account/password",
        {
            "password-current_password": "not-my-password",
            "password-new_password": OTHER_STRONG_PASSWORD,
        },
    )
    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)


def test_change_email_takes_effect_from_the_link_sent_to_the_new_address(
    app, client, auth, make_user, outbox
):
    make_user()
    auth.login()
    response = post_form(
        client,
        "/account/email",
        {"email-new_email": "casey.new@example.com", "email-current_password": STRONG_PASSWORD},
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(User.email)) == "coder@example.com"
    link = outbox.link(outbox.last_to("casey.new@example.com"), "/account/email/confirm/")
    assert client.get(link).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(User.email)) == "casey.new@example.com"
    assert outbox.last_to("coder@example.com")["Subject"] == "Your CareerCenter email was changed"
    assert client.get(link).status_code == 400  # a used link does nothing more


def test_change_email_to_a_taken_address_reveals_nothing_and_changes_nothing(
    app, client, auth, make_user, outbox
):
    make_user()
    make_user(email="taken@example.com", name="Someone Else")
    auth.login()
    response = post_form(
        client,
        "/account/email",
        {"email-new_email": "Taken@example.com", "email-current_password": STRONG_PASSWORD},
    )
    assert response.status_code == 303
    assert outbox.to("taken@example.com") == []


def test_delete_account_needs_password_and_confirmation(app, client, auth, make_user):
    make_user()
    auth.login()
    response = post_form(client, "/account/delete", {"delete-current_password": STRONG_PASSWORD})
    assert response.status_code == 422
    assert "Tick the box to confirm." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_delete_account_removes_it_and_ends_its_sessions(
    app, client, other_client, auth, make_user, outbox
):
    make_user()
    Auth(other_client).login(remember="y")
    auth.login()
    response = post_form(
        client,
        "/account/delete",
        {"delete-current_password": STRONG_PASSWORD, "delete-confirm": "y"},
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0
    assert other_client.get("/account/").status_code == 302
    assert auth.login().status_code == 422
    assert outbox.last_to("coder@example.com")["Subject"] == "Your CareerCenter account was deleted"


def test_sign_out_of_other_sessions(client, other_client, auth, make_user):
    make_user()
    Auth(other_client).login()
    auth.login()
    page = client.get("/account/").get_data(as_text=True)
    assert "(this device)" in page
    post_form(client, "/account/sessions/end-others")
    assert client.get("/account/").status_code == 200
    assert other_client.get("/account/").status_code == 302
