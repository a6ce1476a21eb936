"""Places and suggestions are found in compact structures: city centers per state, the
suggestion table as one text searched with str.find."""

from careercenter import geo
from careercenter.search import suggest


def test_a_city_is_found_whatever_its_capitals():
    houston = geo.resolve_location("houston, tx")
    assert houston.label == "Houston, TX" and houston.state == "TX"
    assert 29 < houston.latitude < 31 and -96 < houston.longitude < -95
    assert geo.resolve_location("HOUSTON, TX").latitude == houston.latitude


def test_an_unknown_city_or_state_is_not_a_place():
    assert geo.resolve_location("Nowhereville, TX") is None
    assert geo.place_for_city("Houston", "ZZ") is None
    assert geo.place_for_city("Houston", "T1") is None


def test_warming_counts_every_state_once():
    geo.warm()
    assert {"TX", "NY", "CA", "AK"} <= set(geo._city_centers)
    assert "DENVER" in geo._city_centers["CO"]
    assert geo.place_for_zip("77030").city == "Houston"


def entry(text: str, jobs: int) -> suggest.Suggestion:
    return suggest.Suggestion(text, "title", jobs, (("q", text),), suggest.normalised(text))


def test_the_suggestion_table_finds_starts_and_middles_in_its_order():
    table = suggest.Table.of(
        [entry("Medical Coder", 50), entry("Coding Auditor", 20), entry("Coder II", 10)]
    )
    assert [s.text for s in table.matching("coder", 8)] == ["Medical Coder", "Coder II"]
    assert [s.text for s in table.matching("cod", 2)] == ["Medical Coder", "Coding Auditor"]
    assert [s.text for s in table.matching("ii", 8)] == ["Coder II"]
    # A text never matches across two entries.
    assert table.matching("coder coding", 8) == []
    assert table.matching("zzz", 8) == []
    assert suggest.Table.of([]).matching("a", 8) == []
