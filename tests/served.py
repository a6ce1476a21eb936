"""The app served over HTTP in a thread, and browsers that send requests at the same moment:
for the tests of what concurrent requests do (a threading.Barrier releases them together).

A browser starts from a test client's signed-in session (its cookie) and then keeps the
cookies the server sets, as a real browser does.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookies import SimpleCookie

from werkzeug.serving import make_server

from tests.conftest import _CSRF_RE


@contextmanager
def served(app):
    """Serve `app` on 127.0.0.1 and a free port, one thread per request; yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="served-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class Response:
    def __init__(self, status: int, headers, body: str):
        self.status_code = status
        self.headers = headers
        self.text = body

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


class HttpBrowser:
    """A browser talking to the served app; `test_client` gives it its signed-in session."""

    def __init__(self, base_url: str, test_client=None, cookie_name: str = "cc_session"):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        if test_client is not None:
            cookie = test_client.get_cookie(cookie_name)
            if cookie is not None:
                self.cookies[cookie_name] = cookie.value

    def request(self, path: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        url = self.base_url + path  # http://127.0.0.1:<port>/...
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            with _OPENER.open(request, timeout=60) as raw:
                response = Response(raw.status, raw.headers, raw.read().decode())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read().decode())
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request(path)

    def csrf_token(self) -> str:
        match = _CSRF_RE.search(self.get("/reset").text)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def form(self, path: str, data: dict | None = None) -> tuple[str, dict]:
        """A form ready to post: (path, data with this session's CSRF token)."""
        return path, {"csrf_token": self.csrf_token(), **(data or {})}


def together(*calls):
    """Run each call in its own thread, released at the same moment; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 -- re-raised in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def flashes(page: str) -> str:
    """The text of the flash messages on a page."""
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>(.*?)</', page, re.S))
