from careercenter.extensions import db
from careercenter.models import Role, User
from careercenter.moderation.accounts import suspend
from tests.conftest import STRONG_PASSWORD, csrf_token, post_form


def test_wrong_password_and_unknown_email_get_the_same_answer(auth, make_user):
    make_user(email="coder@example.com")
    wrong = auth.login(password="not-the-password-at-all")
    unknown = auth.login(email="nobody@example.com")
    assert wrong.status_code == unknown.status_code == 422
    assert "The email or password is not right." in wrong.get_data(as_text=True)
    assert "The email or password is not right." in unknown.get_data(as_text=True)


def test_login_keeps_the_email_but_not_the_password(auth, make_user):
    make_user()
    page = auth.login(password="wrong-password-typed-here").get_data(as_text=True)
    assert 'value="coder@example.com"' in page
    assert "wrong-password-typed-here" not in page


def test_login_is_case_insensitive_on_email(auth, make_user):
    make_user(email="coder@example.com")
    assert auth.login(email="  CODER@Example.COM ").status_code == 303


def test_log_in_and_out(client, auth, make_user):
    make_user()
    assert auth.login().status_code == 303
    assert "Log out" in client.get("/").get_data(as_text=True)
    assert client.get("/account/").status_code == 200
    response = auth.logout()
    assert response.status_code == 303
    assert "Log in" in client.get("/").get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_logout_needs_a_post_with_csrf(client, auth, make_user):
    make_user()
    auth.login()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/account/").status_code == 200


def test_a_replayed_session_cookie_no_longer_works_after_logout(client, auth, make_user):
    make_user()
    auth.login()
    stolen = client.get_cookie("cc_session").value
    auth.logout()
    client.set_cookie("cc_session", stolen)
    response = client.get("/account/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_remember_me_survives_the_session_cookie_but_not_logout(client, auth, make_user):
    make_user()
    auth.login(remember="y")
    remember = client.get_cookie("cc_remember")
    assert remember is not None
    client.delete_cookie("cc_session")
    assert client.get("/account/").status_code == 200

    stolen = client.get_cookie("cc_remember").value
    auth.logout()
    client.delete_cookie("cc_session")
    client.set_cookie("cc_remember", stolen)
    assert client.get("/account/").status_code == 302


def test_without_remember_me_there_is_no_remember_cookie(client, auth, make_user):
    make_user()
    auth.login()
    assert client.get_cookie("cc_remember") is None


def test_next_sends_you_back_to_a_local_page(client, make_user):
    make_user()
    response = client.get("/account/")
    assert response.headers["Location"].startswith("/login?next=")
    response = post_form(
        client,
        "/login?next=/account/",
        {"email": "coder@example.com", "password": STRONG_PASSWORD},
    )
    assert response.headers["Location"] == "/account/"


def test_next_pointing_off_site_is_ignored(app, make_user):
    make_user()
    for target in [
        "https://evil.example/phish",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ]:
        client = app.test_client()
        response = post_form(
            client,
            "/login",
            {"email": "coder@example.com", "password": STRONG_PASSWORD},
            query_string={"next": target},
        )
        assert response.status_code == 303
        assert response.headers["Location"] == "/me/", (
            target
        )  # the coder's own start page, never off-site


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user()
    client.get("/login")
    response = client.post(
        "/login", data={"email": "coder@example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 400
    assert "This form had expired or was sent from somewhere else" in response.get_data(True)
    assert client.get("/account/").status_code == 302


def test_login_with_a_forged_csrf_token_is_refused(client, make_user):
    make_user()
    client.get("/login")
    response = client.post(
        "/login",
        data={"email": "coder@example.com", "password": STRONG_PASSWORD, "csrf_token": "forged"},
    )
    assert response.status_code == 400
    assert client.get("/account/").status_code == 302


def test_a_form_sent_without_the_session_cookie_explains_cookies(app, make_user):
    make_user()
    token_client = app.test_client()
    token = csrf_token(token_client)
    response = app.test_client().post(
        "/login",
        data={"email": "coder@example.com", "password": STRONG_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 400
    assert "Make sure cookies are allowed" in response.get_data(as_text=True)


def test_repeated_failed_logins_are_rate_limited(auth, make_user):
    make_user()
    statuses = [auth.login(password=f"wrong-guess-{i}").status_code for i in range(7)]
    assert statuses[:5] == [422] * 5
    assert statuses[-1] == 429
    # Even the right password waits while the limit holds.
    response = auth.login()
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_suspended_account_is_told_so_only_with_the_right_password(app, auth, make_user):
    user_id = make_user(role=Role.EMPLOYER)
    with app.app_context():
        suspend(db.session.get(User, user_id), "Posted a training-fee scam")
    assert "suspended" not in auth.login(password="wrong-password-x").get_data(as_text=True)
    response = auth.login()
    assert response.status_code == 422
    assert "This account is suspended" in response.get_data(as_text=True)


def test_suspension_ends_existing_sessions(app, client, auth, make_user):
    user_id = make_user()
    auth.login(remember="y")
    with app.app_context():
        suspend(db.session.get(User, user_id), "Spam")
    assert client.get("/account/").status_code == 302


def test_a_form_from_another_session_says_so(app, make_user):
    make_user()
    stale = csrf_token(app.test_client())
    client = app.test_client()
    client.get("/login")
    response = client.post(
        "/login",
        data={"email": "coder@example.com", "password": STRONG_PASSWORD, "csrf_token": stale},
    )
    assert response.status_code == 400
    assert "This form was opened in another session" in response.get_data(as_text=True)
