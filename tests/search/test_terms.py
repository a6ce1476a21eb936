"""The normaliser: what postings and queries become, before any database is involved."""

import re

import pytest

from careercenter.search.backends import PostgreSQLBackend, SQLiteBackend
from careercenter.search.terms import EM, HCC, INPATIENT, PROFEE, document_text, query_terms


def typed(text):
    """The words a query asks for, as typed (before their equivalents)."""
    return [term.word for term in query_terms(text)]


def tokens(text):
    return document_text(text).split()


def query(text):
    """The query as lists of alternatives, e.g. [["cpc", "zzcredcpc"]]."""
    return [list(term.alternatives) for term in query_terms(text)]


def test_credentials_with_a_suffix_are_one_token_distinct_from_the_base_credential():
    assert tokens("CPC-A welcome; CCS-P preferred") == ["cpca", "welcome", "ccsp", "preferred"]
    assert "cpc" not in tokens("CPC-A")
    assert query("CPC-A")[0][0] == "cpca"
    assert query("cpc")[0][0] == "cpc"


@pytest.mark.parametrize(
    ("one", "other", "concept"),
    [
        ("E/M", "evaluation and management", EM),
        ("E&M", "Evaluation & Management", EM),
        ("HCC", "risk adjustment", HCC),
        ("pro-fee", "professional fees", PROFEE),
        ("IP", "inpatient", INPATIENT),
    ],
)
def test_equivalent_names_meet_on_one_concept(one, other, concept):
    assert concept in tokens(one) and concept in tokens(other)
    assert query(one)[0][0] == concept
    assert query(other)[0][0] == concept


def test_a_document_keeps_its_own_words_as_well_as_the_concept():
    words = tokens("Risk adjustment coder")
    assert words[:3] == ["risk", "adjustment", "coder"]
    assert words[-1] == HCC


def test_codes_are_searched_as_the_codes_they_are():
    assert tokens("E11.52 and 99213, J1100, ICD-10-CM") == [
        "e1152", "and", "99213", "j1100", "icd10cm", "e11", "e115"
    ]  # fmt: skip
    assert query("E11.52") == [["e1152"]]
    assert query("E11.5") == [["e115"]]
    assert query("99213") == [["99213"]]


def test_spelling_and_plurals_are_folded_the_same_way_on_both_sides():
    assert tokens("Orthopaedic coders' specialties") == ["orthopedic", "coder", "specialty"]
    assert typed("orthopaedic coders") == ["orthopedic", "coder"]
    assert "zzspecorthopaedics" in query("orthopaedic coders")[0]


def test_words_that_name_a_filter_also_ask_for_the_filter():
    assert query("remote") == [["remote", "zzarrremote"]]
    assert query("CPC") == [["cpc", "zzcredcpc"]]
    assert query("TX") == [["tx", "zzsttx", "zzremtx"]]
    assert query("new york") == [["zzknewyork", "zzstny", "zzremny"]]
    assert "zzknewyork" in tokens("Office in New York, NY")
    # Remote jobs one may do from Texas include those open anywhere in the US.
    assert query("remote texas")[1][-1] == "zzremall"


def test_ambiguous_state_codes_are_states_only_in_capitals():
    assert query("coder in OH")[1] == ["oh", "zzstoh", "zzremoh"]
    assert query("coder in oh")[1] == ["oh"]
    assert query("CPC OR CCS") == [["cpc", "zzcredcpc"], ["ccs", "zzcredccs"]]


HOSTILE = [
    '"',
    '"unbalanced',
    "* - / ^ : ( )",
    "cpc* NEAR(coder remote) -ccs",
    "title:coder OR body:remote AND NOT x",
    "'; DROP TABLE postings; --",
    "\x00\x07\x1b[31m",
    "zzcredcpc zzarrremote",
    "x" * 5000,
    "ééé ñ 中文 🙂",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_typed_becomes_query_syntax(text):
    for term in query_terms(text):
        for token in term.alternatives:
            assert re.fullmatch(r"[a-z0-9]{1,40}", token)
    # Both query languages get quoted tokens joined by our own operators, nothing else.
    fts = SQLiteBackend.render(query_terms(text))
    assert set(re.sub(r'"[a-z0-9]+"|\bAND\b|\bOR\b', "", fts)) <= set("() ")
    tsquery = PostgreSQLBackend.render(query_terms(text))
    assert set(re.sub(r"'[a-z0-9]+'|[&|]", "", tsquery)) <= set("() ")


def test_user_text_cannot_produce_an_index_tag():
    assert query("zzcredcpc") == [["zcredcpc"]]
    assert "zzcredcpc" not in tokens("zzcredcpc")


def test_stop_words_and_operators_ask_for_nothing():
    assert typed("the jobs for a coder near me") == ["coder"]
    assert typed("medical coding position opening hiring now, opportunities") == ["coding"]
    assert query("AND OR NOT NEAR") == []


def test_a_hyphenated_credential_typed_with_a_space_is_that_credential():
    assert query_terms("cpc a coder") == query_terms("CPC-A coder")
    assert query_terms("CCS P remote") == query_terms("ccs-p remote")
    assert query_terms("cpc and coder")[0] == query_terms("cpc")[0]
    # Only a search reads it so: a posting's "CPC, a plus" asks for a CPC.
    document = document_text("CPC, a plus").split()
    assert "cpc" in document and "cpca" not in document
