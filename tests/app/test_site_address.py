"""Mailed links name the configured site, never the Host a request came with; requests for
another Host are refused; production needs the site's address and a real secret key; and
without SECRET_KEY the app makes a random one once and keeps it in the instance folder."""

import os
import re
import stat
import threading

import pytest
from flask import Flask

from careercenter import create_app
from careercenter.config import ConfigError, instance_secret_key
from tests.conftest import STRONG_PASSWORD

SITE = "https://jobs.careercenter.example"
EVIL = "http://evil.example"
_CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_content())


def assert_only_site_links(message) -> None:
    found = links(message)
    assert found, message.get_content()
    for link in found:
        assert link.startswith(SITE + "/"), link
    assert "evil.example" not in message.as_string()


def submit(client, url: str, data: dict, base_url: str, **kwargs):
    """Send a form with the session's CSRF token, on `base_url`'s host, as a browser there
    would (a form page is opened there first for the token)."""
    page = client.get("/reset", base_url=base_url, **kwargs).get_data(as_text=True)
    token = _CSRF_RE.search(page).group(1)
    return client.post(url, data={"csrf_token": token, **data}, base_url=base_url, **kwargs)


@pytest.fixture
def any_host(app, monkeypatch):
    """The app behind a proxy that lets every Host through (no TRUSTED_HOSTS): the mailed
    links must still name the configured site."""
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    monkeypatch.setitem(app.config, "SITE_URL", SITE)


def test_a_reset_asked_for_on_a_foreign_host_mails_the_sites_link(
    app, client, make_user, outbox, any_host
):
    make_user(email="victim@example.com")
    response = submit(client, "/reset", {"email": "victim@example.com"}, EVIL)
    assert response.status_code == 200
    message = outbox.last_to("victim@example.com")
    assert_only_site_links(message)
    assert any(link.startswith(SITE + "/reset/") for link in links(message))


def test_registration_mails_on_a_foreign_host_link_to_the_site(
    app, client, make_user, outbox, any_host
):
    form = {"account_type": "applicant", "name": "Newcomer", "password": STRONG_PASSWORD}
    submit(client, "/register", {**form, "email": "new@example.com"}, EVIL)
    assert_only_site_links(outbox.last_to("new@example.com"))  # the confirmation link
    make_user(email="taken@example.com")
    submit(client, "/register", {**form, "email": "taken@example.com"}, EVIL)
    assert_only_site_links(outbox.last_to("taken@example.com"))  # "someone tried..."


def test_an_email_change_asked_for_on_a_foreign_host_mails_the_sites_link(
    app, client, make_user, outbox, any_host
):
    make_user(email="casey@example.com")
    submit(client, "/login", {"email": "casey@example.com", "password": STRONG_PASSWORD}, EVIL)
    response = submit(
        client,
        "/account/email",
        {"email-new_email": "casey.new@example.com", "email-current_password": STRONG_PASSWORD},
        EVIL,
    )
    assert response.status_code in (302, 303)
    message = outbox.last_to("casey.new@example.com")
    assert_only_site_links(message)
    assert any(link.startswith(SITE + "/account/email/confirm/") for link in links(message))


def test_applying_on_a_foreign_host_mails_the_coder_and_the_employer_the_sites_links(
    app, coder_client, open_job, outbox, any_host
):
    for name in ("cc_session", "cc_remember"):
        cookie = coder_client.get_cookie(name)
        if cookie is not None:
            coder_client.set_cookie(name, cookie.value, domain="evil.example")
    url = f"/jobs/{open_job}/apply/on-site"
    response = submit(coder_client, url, {"resume_choice": "profile"}, EVIL)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert_only_site_links(outbox.last_to("maria@example.com"))
    assert_only_site_links(outbox.last_to("talent@summitortho.example"))


def test_a_request_for_a_foreign_host_is_refused_and_mails_nothing(app, client, make_user, outbox):
    make_user(email="victim@example.com")
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    response = submit(client, "/reset", {"email": "victim@example.com"}, "http://localhost")
    assert response.status_code == 200  # the site's own host is served
    outbox_before = len(outbox.messages())
    token = _CSRF_RE.search(client.get("/reset").get_data(as_text=True)).group(1)
    refused = client.post(
        "/reset",
        data={"csrf_token": token, "email": "victim@example.com"},
        headers={"Host": "evil.example"},
    )
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)
    assert len(outbox.messages()) == outbox_before


@pytest.fixture
def production_app(app):
    return create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": "p" * 48,
            "SITE_URL": SITE,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_SERVER": None,
            "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
            "REDIS_URL": None,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def test_in_production_a_forwarded_foreign_host_is_refused(production_app, make_user, outbox):
    make_user(email="victim@example.com")
    client = production_app.test_client()
    page = client.get("/reset", base_url=SITE).get_data(as_text=True)
    token = _CSRF_RE.search(page).group(1)
    refused = client.post(  # the attacker sends a Referer that matches the forged host
        "/reset",
        base_url=SITE,
        data={"csrf_token": token, "email": "victim@example.com"},
        headers={
            "Referer": "https://evil.example/reset",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Proto": "https",
        },
    )
    assert refused.status_code == 400
    assert outbox.to("victim@example.com") == []
    sent = client.post(
        "/reset",
        base_url=SITE,
        data={"csrf_token": token, "email": "victim@example.com"},
        headers={"Referer": SITE + "/reset", "X-Forwarded-Host": "jobs.careercenter.example"},
    )
    assert sent.status_code == 200
    assert_only_site_links(outbox.last_to("victim@example.com"))


def test_production_refuses_to_start_without_the_sites_address(monkeypatch):
    for name in ("SITE_URL", "SERVER_NAME"):
        monkeypatch.delenv(name, raising=False)
    settings = {
        "ENV_NAME": "production",
        "SECRET_KEY": "p" * 48,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
    }
    with pytest.raises(ConfigError, match="SITE_URL"):
        create_app(settings)
    with pytest.raises(ConfigError, match="SITE_URL"):
        create_app({**settings, "SITE_URL": "jobs.careercenter.example"})  # no scheme
    from_server_name = create_app({**settings, "SERVER_NAME": "jobs.careercenter.example"})
    assert from_server_name.config["SITE_URL"] == SITE
    assert from_server_name.config["TRUSTED_HOSTS"] == ["jobs.careercenter.example"]


def test_trusted_hosts_are_the_sites_the_listed_ones_and_locally_localhost(monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", "www.careercenter.example, careers.example")
    settings = {"SECRET_KEY": "p" * 48, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_URL": SITE}
    production = create_app({**settings, "ENV_NAME": "production"})
    assert production.config["TRUSTED_HOSTS"] == [
        "jobs.careercenter.example",
        "www.careercenter.example",
        "careers.example",
    ]
    client = production.test_client()
    assert client.get("/healthz", base_url="https://careers.example").status_code == 200
    assert client.get("/healthz", base_url="https://localhost").status_code == 400
    development = create_app({**settings, "ENV_NAME": "development"})
    assert {"localhost", "127.0.0.1"} <= set(development.config["TRUSTED_HOSTS"])


@pytest.fixture
def fresh_instance(tmp_path, monkeypatch):
    """create_app() with its instance folder in tmp_path and no SECRET_KEY anywhere."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CAREERCENTER_ENV", raising=False)
    return tmp_path


def test_without_secret_key_a_random_one_is_made_once_and_kept(fresh_instance):
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert first.config["ENV_NAME"] == "development"
    key = first.secret_key
    assert key and len(key) >= 32 and key != "dev-only-not-secret"
    kept = fresh_instance / "secret_key"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    again = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert again.secret_key == key  # sessions survive a restart
    other_tmp = fresh_instance / "elsewhere"
    assert instance_secret_key(other_tmp) != key  # every install has its own


def test_processes_starting_together_agree_on_the_generated_key(tmp_path):
    barrier = threading.Barrier(8)
    keys = []

    def start():
        barrier.wait()
        keys.append(instance_secret_key(tmp_path))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary left


def test_production_still_refuses_to_start_without_secret_key(fresh_instance):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(
            {"ENV_NAME": "production", "SITE_URL": SITE, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
        )
    assert not (fresh_instance / "secret_key").exists()
