"""The per-address sign-in limit holds whatever the body's format, and guessing at an
address does not lock its owner out of the browsers they signed in from before."""

from tests.conftest import STRONG_PASSWORD, Auth, csrf_token, post_form


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _json_login(client, email, password):
    token = csrf_token(client)
    return client.post(
        "/login",
        json={"csrf_token": token, "email": email, "password": password},
        headers={"X-CSRFToken": token},
    )


def test_json_and_multipart_logins_count_against_the_addresss_limit(app, make_user):
    make_user(email="coder@example.com")
    attacker = _from(app, "203.0.113.7")
    statuses = [_json_login(attacker, "  CODER@Example.com ", f"guess-{i}") for i in range(3)]
    statuses += [
        attacker.post(
            "/login",
            data={
                "csrf_token": csrf_token(attacker),
                "email": "Coder@example.com",
                "password": f"guess-{i}",
            },
            content_type="multipart/form-data",
        )
        for i in range(2)
    ]
    assert [r.status_code for r in statuses] == [422] * 5  # each one was read and refused
    # The address has used up its attempts: a sixth, from anywhere new, waits.
    newcomer = _from(app, "198.51.100.4")
    assert Auth(newcomer).login(email="coder@example.com").status_code == 429


def test_the_owner_on_a_known_device_signs_in_while_a_guesser_is_limited(app, make_user):
    make_user(email="coder@example.com")
    owner = _from(app, "192.0.2.10")
    assert Auth(owner).login().status_code == 303
    Auth(owner).logout()

    attacker = _from(app, "203.0.113.7")
    # The attacker's own account's known-device cookie does not help against another address.
    make_user(email="attacker@example.com", name="Mallory")
    assert Auth(attacker).login(email="attacker@example.com").status_code == 303
    Auth(attacker).logout()
    statuses = [Auth(attacker).login(password=f"wrong-guess-{i}").status_code for i in range(6)]
    # Every attempt at the address from an unknown device counts (the owner's first one too).
    assert statuses == [422] * 4 + [429] * 2
    assert Auth(attacker).login().status_code == 429  # even with the right password

    assert Auth(owner).login().status_code == 303  # the owner's browser is not locked out
    new_device = _from(app, "198.51.100.4")
    assert Auth(new_device).login().status_code == 429  # a new device still is


def test_a_known_device_that_guesses_wrong_is_limited_too(app, make_user):
    make_user(email="coder@example.com")
    device = _from(app, "192.0.2.10")
    assert Auth(device).login().status_code == 303
    Auth(device).logout()
    statuses = [Auth(device).login(password=f"wrong-guess-{i}").status_code for i in range(6)]
    assert statuses == [422] * 5 + [429]
    assert Auth(device).login(password=STRONG_PASSWORD).status_code == 429


def test_a_forged_known_device_cookie_counts_for_nothing(app, make_user):
    make_user(email="coder@example.com")
    attacker = _from(app, "203.0.113.7")
    [Auth(attacker).login(password=f"wrong-guess-{i}") for i in range(5)]
    forger = _from(app, "198.51.100.4")
    forger.set_cookie("cc_device", "eyJkIjoieCJ9.forged.signature")
    assert (
        post_form(
            forger, "/login", {"email": "coder@example.com", "password": STRONG_PASSWORD}
        ).status_code
        == 429
    )
