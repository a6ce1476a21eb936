"""A too-large upload from a signed-in coder, through a real HTTP server: the site's 413
page, not the server's bare 500 (the error page once read the refused body again)."""

import http.client
import re
import threading
import uuid

import pytest
from werkzeug.serving import make_server

from tests.conftest import STRONG_PASSWORD, Auth
from tests.factories import save_profile

_CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=10)


def _request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest(method, path)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body is not None:
            try:
                for start in range(0, len(body), 64 * 1024):
                    conn.send(body[start : start + 64 * 1024])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered without reading it all: read that answer
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _cookies(headers, jar: dict) -> dict:
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


def _cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def test_a_signed_in_coder_posting_a_9_mb_resume_gets_the_413_page(
    app, make_user, served, open_job
):
    make_user(email="maria@example.com", name="Maria Alvarez")
    profile_client = app.test_client()  # the profile is made here; the upload is served
    Auth(profile_client).login(email="maria@example.com")
    assert save_profile(profile_client).status_code == 303

    jar: dict = {}
    status, headers, page = _request(served, "GET", "/login")
    _cookies(headers, jar)
    token = _CSRF_RE.search(page).group(1)
    form = f"csrf_token={token}&email=maria%40example.com&password={STRONG_PASSWORD}"
    status, headers, _ = _request(
        served,
        "POST",
        "/login",
        form.encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(jar)},
    )
    assert status == 303
    _cookies(headers, jar)
    status, _, page = _request(served, "GET", "/me/", headers={"Cookie": _cookie_header(jar)})
    assert status == 200 and "Log out" in page  # signed in

    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume_choice"\r\n\r\nupload\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n",
    ]
    body = "".join(parts).encode() + b"%PDF-1.4\n" + b"0" * (9 * 1024 * 1024)
    body += f"\r\n--{boundary}--\r\n".encode()
    status, headers, page = _request(
        served,
        "POST",
        f"/jobs/{open_job}/apply/on-site",
        body,
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": _cookie_header(jar),
        },
    )
    assert status == 413
    assert dict(headers)["Content-Type"].startswith("text/html")
    assert "That upload is too large" in page and "Log out" in page
