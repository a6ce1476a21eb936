"""Templates' url_for (navigation.PageLinks): the same addresses as url_for, remembered
only where the address cannot depend on more than the endpoint and its values."""

from flask import url_for

from careercenter.codes.linkify import code_page_url
from careercenter.navigation import PageLinks


def test_page_links_give_url_fors_addresses_and_remember_plain_ones(app):
    links = PageLinks()
    with app.test_request_context("/jobs"):
        assert links("postings.search", q="coder", page=2) == url_for(
            "postings.search", q="coder", page=2
        )
        assert links("postings.search", page=2, q="coder") == url_for(
            "postings.search", page=2, q="coder"
        )
        assert links("codes.index", _anchor="top").endswith("#top")
        assert links("codes.index", _external=True).startswith("http")
        assert links("codes.index") == "/codes/"
    # Plain calls are kept; those with _anchor or _external are built each time.
    kept = {key[1:] for key in links.built}
    assert ("codes.index",) in kept
    assert not any(name.startswith("_") for key in kept for name, *_ in key[1:] if name)


def test_query_values_are_encoded_as_url_for_does_without_filling_the_memory(app):
    links = PageLinks()
    samples = [
        ("postings.search", {"q": "E11.52 coder"}),
        ("postings.search", {"q": "a/b?c&d=e#f", "page": 3}),
        ("postings.search", {"q": "café ünïcode", "sort": None}),
        ("postings.search", {"credential": ["cpc", "ccs"], "q": "x"}),
        ("postings.search", {"q": "!$'()*,/:;?@+ %"}),
        ("auth.login", {"next": "/codes/icd-10-cm/E11.52?job=1.abc"}),
        ("codes.search", {"q": "E11"}),
        ("codes.code", {"system": "cpt", "code": "99213", "job": "12.sig"}),
    ]
    for root in ("", "/board"):
        overrides = {"SCRIPT_NAME": root}
        with app.test_request_context("/", environ_overrides=overrides):
            for endpoint, values in samples:
                assert links(endpoint, **values) == url_for(endpoint, **values), values
    # Only the addresses without their query strings are kept.
    assert all(not any(name == "q" for name, *_ in key[2:]) for key in links.built)
    assert len(links.built) <= 8


def test_page_links_follow_the_script_root(app):
    links = PageLinks()
    with app.test_request_context("/codes/"):
        assert links("codes.index") == "/codes/"
    with app.test_request_context("/codes/", environ_overrides={"SCRIPT_NAME": "/board"}):
        assert links("codes.index") == "/board/codes/"


def test_code_links_are_the_code_pages_addresses(app):
    samples = [
        ("icd-10-cm", "E11.52"),
        ("icd-10-cm", "A00-B99"),
        ("icd-10-cm", "1"),
        ("icd-10-pcs", "0DTJ4ZZ"),
        ("cpt", "99213"),
        ("hcpcs", "J1234"),
        ("modifier", "25"),
        ("icd-10-cm", "J40-J4A"),
        ("icd-10-cm", "odd code/with?#"),
    ]
    for root in ("", "/board"):
        with app.test_request_context("/codes/", environ_overrides={"SCRIPT_NAME": root}):
            for system, code in samples:
                assert code_page_url(system, code) == url_for(
                    "codes.code", system=system, code=code
                )
