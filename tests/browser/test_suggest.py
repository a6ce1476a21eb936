"""Suggestions in the /jobs keywords box: typed, seen, chosen with the keyboard (the
WAI-ARIA combobox pattern), without moving the page, and axe clean while open."""

from __future__ import annotations

import re

import pytest

from careercenter.search import suggest
from tests.browser.helpers import axe_violations, describe, expect
from tests.factories import Jobs

pytestmark = pytest.mark.browser


@pytest.fixture
def board(app, monkeypatch):
    monkeypatch.setattr(suggest, "REFRESH_SECONDS", 0)  # the jobs below, not an earlier test's
    jobs = Jobs(app)
    company = jobs.company()
    for _ in range(3):
        jobs.posting(company, title="Outpatient Coder")
    jobs.posting(company, title="Outpatient Auditor")
    jobs.posting(company, title="Inpatient Coder")
    return jobs


def test_typing_shows_suggestions_to_choose_with_the_keyboard(board, new_page):
    page = new_page()
    page.goto("/jobs")
    box = page.get_by_role("combobox", name="Keywords")
    expect(box).to_have_attribute("aria-expanded", "false")
    listbox_id = box.get_attribute("aria-controls")
    below = page.get_by_label("Where", exact=True).bounding_box()

    box.press_sequentially("outpat", delay=40)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    assert listbox.get_attribute("id") == listbox_id
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Outpatient Coder")
    expect(options.nth(0)).to_contain_text("3 jobs")
    expect(options.nth(1)).to_contain_text("Outpatient Auditor")
    expect(box).to_have_attribute("aria-expanded", "true")
    # The list lies over the page: nothing below the box moved.
    assert page.get_by_label("Where", exact=True).bounding_box() == below
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # Down, Down, Up: the first option is the active one; the focus stays in the box.
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    box.press("ArrowUp")
    first_id = options.nth(0).get_attribute("id")
    expect(box).to_have_attribute("aria-activedescendant", first_id)
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_have_attribute("aria-selected", "false")
    expect(box).to_be_focused()

    # Enter takes it: the box has its text and the list closes.
    box.press("Enter")
    expect(box).to_have_value("Outpatient Coder")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert page.url.endswith("/jobs")  # not searched yet

    # Escape closes the list and keeps what was typed.
    box.fill("")
    box.press_sequentially("inpat", delay=40)
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("inpat")

    # With no option active, Enter searches.
    box.fill("Outpatient Coder")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Outpatient\+Coder"))
    expect(page.get_by_role("heading", name=re.compile(r"jobs match your search"))).to_be_visible()
    expect(page.get_by_role("link", name="Outpatient Coder", exact=True).first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
