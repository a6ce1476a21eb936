from careercenter.models import Role
from tests.conftest import OTHER_STRONG_PASSWORD, STRONG_PASSWORD, Auth, post_form


def _request_reset(client, email="coder@example.com"):
    return post_form(client, "/reset", {"email": email})


def test_reset_request_says_the_same_for_known_and_unknown_emails(client, make_user, outbox):
    make_user()
    known = _request_reset(client).get_data(as_text=True)
    unknown = _request_reset(client, "nobody@example.com").get_data(as_text=True)
    assert known.replace("coder@example.com", "X") == unknown.replace("nobody@example.com", "X")
    assert len(outbox.to("coder@example.com")) == 1
    # The unknown address is told there is no account (one mail either way), with no link.
    [note] = outbox.to("nobody@example.com")
    assert "no account uses it" in note.get_content()
    assert "/reset/" not in note.get_content()


def test_password_reset_from_the_mailed_link(client, make_user, outbox):
    make_user()
    _request_reset(client)
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    assert "Choose a new password" in client.get(link).get_data(as_text=True)
    response = post_form(client, link, {"password": OTHER_STRONG_PASSWORD})
    assert response.status_code == 303

    auth = Auth(client)
    assert auth.login(password=STRONG_PASSWORD).status_code == 422
    assert auth.login(password=OTHER_STRONG_PASSWORD).status_code == 303
    assert (
        outbox.last_to("coder@example.com")["Subject"] == "Your CareerCenter password was changed"
    )


def test_reset_link_works_once(client, make_user, outbox):
    make_user()
    _request_reset(client)
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    post_form(client, link, {"password": OTHER_STRONG_PASSWORD})
    response = client.get(link)
    assert response.status_code == 400
    assert "This link does not work" in response.get_data(as_text=True)


def test_tampered_reset_link_is_refused(client, make_user, outbox):
    make_user()
    _request_reset(client)
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    response = client.get(link[:-4] + "AAAA")
    assert response.status_code == 400
    assert (
        post_form(client, link[:-4] + "AAAA", {"password": OTHER_STRONG_PASSWORD}).status_code
        == 400
    )


def test_expired_reset_link_is_refused(app, client, make_user, outbox):
    make_user()
    _request_reset(client)
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        response = client.get(link)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)


def test_a_verification_link_is_not_a_reset_link(client, outbox):
    post_form(
        client,
        "/register",
        {
            "account_type": "applicant",
            "name": "Maria",
            "email": "maria@example.com",
            "password": STRONG_PASSWORD,
        },
    )
    verify = outbox.link(outbox.last_to("maria@example.com"), "/verify/")
    token = verify.rsplit("/", 1)[1]
    assert client.get(f"/reset/{token}").status_code == 400


def test_weak_new_password_is_refused(client, make_user, outbox):
    make_user()
    _request_reset(client)
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    response = post_form(client, link, {"password": "qwertyuiop12"})
    assert response.status_code == 422
    assert "similar to a commonly used password" in response.get_data(as_text=True)


def test_reset_ends_every_session_of_the_account(client, other_client, make_user, outbox):
    make_user(role=Role.EMPLOYER)
    Auth(other_client).login(remember="y")
    assert other_client.get("/account/").status_code == 200
    _request_reset(client)
    link = outbox.link(outbox.last_to("coder@example.com"), "/reset/")
    post_form(client, link, {"password": OTHER_STRONG_PASSWORD})
    assert other_client.get("/account/").status_code == 302


def test_reset_requests_are_rate_limited(client, make_user):
    make_user()
    statuses = [_request_reset(client).status_code for _ in range(6)]
    assert statuses[-1] == 429
