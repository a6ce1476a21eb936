"""Hostile values in the address itself: every route's path parameters, for a guest and a
signed-in coder. A value that names nothing is a 4xx (or a redirect), never a 500."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from tests.fuzz.conftest import EXAMPLES, FUZZ, fresh_limits, not_a_server_error
from tests.fuzz.strategies import hostile_text

# Plausible values next to hostile ones, so a hostile value also meets a real neighbour.
PLAUSIBLE = ["1", "0", "2147483647", "2147483648", "-1", "cpt", "icd-10-cm", "99213", "E11.52",
             "summit-orthopaedic-partners", "a" * 300, "\x00", "a\x00b", "%00", ".", "..",
             "\u202e", "\U0001f4a9", "<script>", "' OR '1'='1"]  # fmt: skip


def path_value() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(PLAUSIBLE), hostile_text.filter(bool)).map(
        lambda value: quote(value, safe="")
    )


PLACEHOLDER = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def _fill(rule, values: dict) -> str:
    """The rule's path with each parameter replaced by its (already quoted) value; an
    any(...) parameter takes its first choice."""

    def value(match: re.Match) -> str:
        converter = rule._converters.get(match.group(1))
        if isinstance(converter, AnyConverter):
            return sorted(converter.items)[0]
        return values[match.group(1)]

    return PLACEHOLDER.sub(value, rule.rule)


def _rules_with_parameters(app):
    rules = [rule for rule in app.url_map.iter_rules() if PLACEHOLDER.search(rule.rule)]
    return sorted(rules, key=lambda rule: rule.rule)


def _rules_with_text_parameters(app):
    """Text parameters reach the views (and the database); integers stop at the router."""
    return [
        rule
        for rule in _rules_with_parameters(app)
        if any(not isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


@pytest.fixture
def browsers(client, other_client, coder_client, open_job):
    """A guest, a coder and an employer, with a company and an open job in the database
    for plausible values to meet."""
    return {"guest": other_client, "coder": coder_client, "employer": client}


@settings(FUZZ, max_examples=EXAMPLES * 4)  # one rule per example: there are many rules
@given(data=st.data())
def test_hostile_path_parameters(app, browsers, data):
    rules = st.one_of(
        st.sampled_from(_rules_with_text_parameters(app)),
        st.sampled_from(_rules_with_parameters(app)),
    )
    rule = data.draw(rules, label="rule")
    names = PLACEHOLDER.findall(rule.rule)
    values = {name: data.draw(path_value(), label=name) for name in names}
    url = _fill(rule, values)
    method = data.draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"})))
    who = data.draw(st.sampled_from(sorted(browsers)))
    note(f"{method} {url} as {who}")
    event(rule.rule)
    fresh_limits()
    response = browsers[who].open(url, method=method)
    not_a_server_error(response)


POISON = ["\x00", "a\x00b", "\x1b[2J", "\u202eevil", "\U0001f4a9", "%", "a" * 5000,
          "' OR '1'='1", "<script>alert(1)</script>", "..", "{{7*7}}", "\ufffd"]  # fmt: skip


@pytest.mark.parametrize("poison", POISON, ids=repr)
def test_known_poison_in_every_text_parameter(app, browsers, poison):
    """The values that break things most often, in every text parameter, every time (the
    random examples above may miss them)."""
    failures = []
    for rule in _rules_with_text_parameters(app):
        names = PLACEHOLDER.findall(rule.rule)
        url = _fill(rule, dict.fromkeys(names, quote(poison, safe="")))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for who, browser in browsers.items():
                fresh_limits()
                response = browser.open(url, method=method)
                if response.status_code >= 500:
                    failures.append(f"{method} {url[:120]} as {who}: {response.status_code}")
    assert not failures, "\n".join(failures)
