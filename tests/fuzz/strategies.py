"""Hypothesis strategies for what an attacker (or a careless paste) puts in a form or a URL:
very long strings, control characters, NUL, bidirectional overrides, emoji, HTML and
script, SQL fragments, format strings, odd numbers, and bytes that are not UTF-8."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import strategies as st

FRAGMENTS = [
    # markup and script
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "[click](javascript:alert(1))",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "<!--",
    "]]>",
    "&amp;&lt;&#0;&#x0;",
    # SQL and search syntax
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    "%' OR '%'='",
    "\\",
    "NEAR(a b)",
    '"unbalanced',
    "a* OR b*",
    "-(",
    "^",
    "::text",
    # format strings and templates
    "%s%s%s%n",
    "%(password)s",
    "{0}{1}{config}",
    "{{7*7}}",
    "${7*7}",
    "{% raw %}",
    # unicode that looks harmless and is not
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\x7f",
    "\u0085",
    "\u2028",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\ue000",
    "👩‍⚕️",
    "\U0001f4a9",
    "ﷺ",
    "ǅ",
    "İ",
    "ß",
    "Z̴̡̛a̸l̷g̵o̶",
    "עִבְרִית",
    "مرحبا",
    "１２３",
    "٣",
    # paths and URLs
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "//evil.example",
    "http://evil.example/",
    "mailto:x@y",
    # numbers that are not quite
    "NaN",
    "sNaN",
    "-Infinity",
    "1e309",
    "-0",
    "0x1F",
    "9" * 40,
    "1_000",
    " 42 ",
]

fragments = st.sampled_from(FRAGMENTS)

# Any text Hypothesis likes (every code point but surrogates, which no browser can send).
unicode_text = st.text(max_size=40)

control_characters = st.text(st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp"]), min_size=1)

# Long strings: over every field's limit, some far over.
long_text = st.builds(
    lambda piece, times: piece * times,
    st.one_of(fragments, st.text(min_size=1, max_size=3)),
    st.integers(min_value=50, max_value=12_000),
).map(lambda s: s[:25_000])

hostile_text = st.one_of(
    unicode_text,
    fragments,
    st.lists(st.one_of(fragments, unicode_text, control_characters), min_size=1, max_size=6).map(
        "".join
    ),
    long_text,
)


def hostile_or(*valid: str) -> st.SearchStrategy[str]:
    """Mostly hostile text, now and then a valid value (so that a valid field sometimes
    meets a hostile one)."""
    return st.one_of(hostile_text, st.sampled_from(valid)) if valid else hostile_text


def hostile_list(*valid: str) -> st.SearchStrategy[list[str]]:
    """A multi-value field (checkboxes): hostile and valid values mixed."""
    return st.lists(hostile_or(*valid), max_size=5)


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """File contents: random, or a real format's magic number followed by junk."""
    magic = st.sampled_from(
        [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04",
         b"RIFF\x00\x00\x00\x00WEBP", b"<svg xmlns='http://www.w3.org/2000/svg'>"]
    )  # fmt: skip
    return st.builds(lambda m, rest: m + rest, magic, st.binary(max_size=600))


def raw_query_value() -> st.SearchStrategy[str]:
    """A query-string value as it travels: percent-encoded text, or percent-encoded bytes
    that are not UTF-8 at all."""
    encoded = hostile_text.map(lambda s: quote(s, safe=""))
    raw = st.binary(min_size=1, max_size=30).map(lambda b: "".join(f"%{x:02X}" for x in b))
    return st.one_of(encoded, raw)


def tainted(valid: str) -> st.SearchStrategy[str]:
    """A valid value with something hostile slipped into it: the values most likely to get
    past a validator and into the database."""
    return st.builds(
        lambda poison, at: valid[: at % (len(valid) + 1)] + poison + valid[at % (len(valid) + 1) :],
        st.one_of(fragments, control_characters, unicode_text),
        st.integers(min_value=0, max_value=10_000),
    )


def hostile_email() -> st.SearchStrategy[str]:
    local = st.one_of(st.just("coder"), hostile_text.map(lambda s: s[:70]))
    domain = st.one_of(st.just("example.com"), hostile_text.map(lambda s: s[:70]))
    return st.one_of(
        hostile_text,
        st.builds(lambda a, b: f"{a}@{b}", local, domain),
        st.emails().map(str),
        tainted("coder@example.com"),
    )


def form_with_hostile_fields(
    valid: dict, hostile: dict[str, st.SearchStrategy], max_fields: int = 3
) -> st.SearchStrategy[dict]:
    """`valid`'s fields, with one (often) to `max_fields` of them replaced by hostile or
    tainted values (and, now and then, a field the form does not have)."""

    def strategy(name: str) -> st.SearchStrategy:
        value = valid.get(name)
        if isinstance(value, str) and value:
            return st.one_of(hostile[name], tainted(value))
        return hostile[name]

    def build(chosen: set[str]) -> st.SearchStrategy[dict]:
        fields = {
            name: strategy(name) if name in chosen else st.just(value)
            for name, value in valid.items()
        }
        return st.fixed_dictionaries(fields, optional={"unexpected_field": hostile_text})

    names = st.sampled_from(sorted(hostile))
    return st.one_of(
        names.map(lambda name: {name}), st.sets(names, min_size=1, max_size=max_fields)
    ).flatmap(build)
