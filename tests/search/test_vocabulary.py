"""The coder's vocabulary (careercenter.vocabulary.SEARCH_EQUIVALENTS), entry by entry:
every way of writing a thing finds a job that writes it another way."""

import pytest

from careercenter.search.terms import document_text, query_terms
from careercenter.vocabulary import SEARCH_EQUIVALENTS

PAIRS = [
    (surface, group[0] if surface != group[0] else group[1])
    for group in SEARCH_EQUIVALENTS
    for surface in group
]


@pytest.mark.parametrize("group", SEARCH_EQUIVALENTS, ids=lambda g: "-".join(g[:2]))
def test_each_entry_is_one_index_token(group):
    for surface in group:
        (term,) = query_terms(surface)
        assert len(document_text(surface).split()) >= 1
        assert term.alternatives, surface


@pytest.mark.parametrize(("typed", "written"), PAIRS, ids=lambda s: s.replace(" ", "_"))
def test_each_way_of_writing_finds_the_others(make_job, find, typed, written):
    wanted = make_job(title=f"Specialist, {written.title()}", description="Full-time role.")
    make_job(title="Front Desk Clerk", description="Greets patients.")
    assert find(q=typed).ids == [wanted]
