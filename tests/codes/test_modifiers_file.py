"""data/codes/modifiers.csv: the modifiers coders use daily, each with our own summary."""

import csv

import pytest

from careercenter.codes.importers import demo_file

DAILY = (
    ["TA", *(f"T{n}" for n in range(1, 10)), "FA", *(f"F{n}" for n in range(1, 10)),
     "E1", "E2", "E3", "E4", "LT", "RT", "24", "25", "26", "50", "51", "57", "58", "59",
     "XE", "XS", "XP", "XU", "76", "77", "78", "79", "91", "95", "TC", "GA", "GY", "GZ", "KX",
     "JW", "JZ", "CR", "CS"]
)  # fmt: skip
ROWS = {row["code"]: row for row in csv.DictReader(demo_file("modifiers.csv").open())}


def test_every_daily_modifier_has_our_summary_and_no_official_text():
    assert not set(DAILY) - set(ROWS)
    for code, row in ROWS.items():
        assert row["plain_description"].strip(), code
        assert row["official_description"] == "", code  # never the AMA's text


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("TA", "Left foot, great toe"), ("T5", "Right foot, great toe"),
        ("T4", "Left foot, fifth digit"), ("T9", "Right foot, fifth digit"),
        ("FA", "Left hand, thumb"), ("F5", "Right hand, thumb"), ("F4", "Left hand, fifth"),
        ("E1", "Upper left eyelid"), ("E4", "Lower right eyelid"),
        ("78", "No new postoperative period"), ("79", "A new postoperative period begins"),
        ("58", "A new postoperative period begins"), ("GZ", "no ABN was signed"),
        ("JZ", "nothing was thrown away"), ("26", "Professional component"),
        ("TC", "Technical component"),
    ],
)  # fmt: skip
def test_summaries_say_what_the_modifier_is(code, says):
    assert says in ROWS[code]["plain_description"]


def test_modifier_pages_and_search(app, client, codes, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 100)
    page = client.get("/codes/modifier/XS").get_data(as_text=True)
    assert "done on a separate organ or structure" in page
    for typed in ("RT", "LT", "XS", "JZ", "KX"):
        found = client.get("/api/v1/codes", query_string={"q": typed}).get_json()["items"]
        assert (found[0]["system"], found[0]["code"]) == ("modifier", typed)
    page = client.get("/codes/search?q=RT").get_data(as_text=True)
    assert 'href="/codes/modifier/RT"' in page
