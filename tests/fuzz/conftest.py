"""What every fuzz test checks, whatever the form: no server error; a refused submission is
a 4xx (or a 200 page that shows the error), and leaves the database as it was; what was
accepted is stored clean (no control characters, within its column's length)."""

from __future__ import annotations

import os
import unicodedata

import lxml.html
import sqlalchemy as sa
from hypothesis import HealthCheck, event, settings

from careercenter.extensions import db, limiter
from careercenter.forms import ZWJ, ZWNJ, is_joiner_in_text

# Moderate by default, so the suite runs in minutes; FUZZ_EXAMPLES=500 for a deeper run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The app, the database and the signed-in browsers are built once per test, not per
    # example: each example checks its own before/after.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    database=None,  # no .hypothesis/ folder in the working tree; failures print their seed
    print_blob=True,
)

# For forms that check a password: each example costs a scrypt hash or two (slow on purpose).
FUZZ_PASSWORDS = settings(FUZZ, max_examples=max(10, EXAMPLES // 2))

REFUSED = frozenset({400, 409, 413, 415, 422, 429})
ERROR_MARKERS = ('class="error-summary"', 'class="field-errors"', 'class="flash flash-error"')
CONTROL = frozenset({"Cc", "Cf", "Cs", "Co"})


def not_a_server_error(response) -> None:
    assert response.status_code < 500, (
        f"{response.request.method} {response.request.path} answered "
        f"{response.status_code}:\n{response.get_data(as_text=True)[:2000]}"
    )


def outcome(response, *, accepted=frozenset({302, 303})) -> str:
    """'accepted' or 'refused'; fails on a server error and on any other answer."""
    not_a_server_error(response)
    status = response.status_code
    event(f"answered {status}")  # pytest --hypothesis-show-statistics shows the spread
    if status in accepted:
        return "accepted"
    if status in REFUSED:
        return "refused"
    page = response.get_data(as_text=True)
    assert status == 200 and any(marker in page for marker in ERROR_MARKERS), (
        f"neither accepted nor refused with a message: {status}\n{page[:2000]}"
    )
    return "refused"


def control_characters(text: str, *, multiline: bool = False) -> list[str]:
    """Invisible characters stored in `text`, but a joiner the site accepts as part of the
    text (a zero-width joiner inside an emoji sequence such as 👩‍⚕️, a non-joiner between
    letters: careercenter.forms.is_joiner_in_text)."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    return [
        f"U+{ord(ch):04X}"
        for i, ch in enumerate(text)
        if unicodedata.category(ch) in CONTROL
        and ch not in allowed
        and not (ch in (ZWJ, ZWNJ) and is_joiner_in_text(text, i))
    ]


def assert_clean(value, *, max_length: int | None = None, multiline: bool = False, what=""):
    """Stored text: no raw control characters (line breaks and tabs allowed in multi-line
    text), and within the length the form promises."""
    if value is None:
        return
    if isinstance(value, list | tuple):
        for item in value:
            assert_clean(item, max_length=max_length, multiline=multiline, what=what)
        return
    assert isinstance(value, str), (what, value)
    bad = control_characters(value, multiline=multiline)
    assert not bad, f"{what} was stored with control characters {bad}: {value[:200]!r}"
    if max_length is not None:
        assert len(value) <= max_length, f"{what} stored with {len(value)} > {max_length} chars"


def assert_safe_html(fragment: str, what: str = "") -> None:
    """Sanitised HTML: no script or style, no event handlers, links only to the web or mail."""
    if not fragment.strip():
        return
    for element in lxml.html.fragments_fromstring(fragment):
        if not isinstance(element, lxml.html.HtmlElement):
            continue
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            assert node.tag not in ("script", "style", "iframe", "object", "img", "svg"), (
                f"{what}: <{node.tag}> survived sanitising"
            )
            for name, value in node.attrib.items():
                assert not name.lower().startswith("on"), f"{what}: {name}= survived"
                if name == "href":
                    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
                    assert scheme in ("", "http", "https", "mailto"), f"{what}: href {value!r}"


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def snapshot(app, model, *where) -> list[dict]:
    """The rows' column values, to compare before and after a refused submission."""
    with app.app_context():
        rows = db.session.scalars(sa.select(model).where(*where)).all()
        columns = [c.key for c in sa.inspect(model).column_attrs]
        return [{c: getattr(row, c) for c in columns} for row in rows]


def fresh_limits() -> None:
    """Every example comes from 127.0.0.1: without this the rate limits would answer
    most of them with 429 and test nothing."""
    limiter.reset()
