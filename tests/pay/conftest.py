"""Fixtures for pay insights: jobs made through the real lifecycle (tests/factories.py),
a small minimum of jobs per figure so the hand-computed fixtures stay small."""

from __future__ import annotations

from decimal import Decimal

import pytest

MIN_JOBS = 3


@pytest.fixture(autouse=True)
def _small_minimum(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAY_MIN_JOBS", MIN_JOBS)


# The hand-computed fixture: five yearly-or-hourly CPC physician-practice jobs in Denver, CO,
# and one paid per chart. Middles of the ranges, a year (hourly x 2,080):
#   $20-22/h -> 43,680   $24-26/h -> 52,000   $30/h -> 62,400
#   $50,000-60,000/yr -> 55,000   $70,000-80,000/yr -> 75,000
# Sorted: 43,680  52,000  55,000  62,400  75,000 (linear interpolation between them):
#   10th: 43,680 + 0.4 x 8,320 = 47,008    25th: 52,000    median: 55,000
#   75th: 62,400                           90th: 62,400 + 0.6 x 12,600 = 69,960
FIXTURE = [
    {"pay_min": Decimal("20"), "pay_max": Decimal("22"), "pay_unit": "hour"},
    {"pay_min": Decimal("24"), "pay_max": Decimal("26"), "pay_unit": "hour"},
    {"pay_min": Decimal("30"), "pay_max": Decimal("30"), "pay_unit": "hour"},
    {"pay_min": Decimal("50000"), "pay_max": Decimal("60000"), "pay_unit": "year"},
    {"pay_min": Decimal("70000"), "pay_max": Decimal("80000"), "pay_unit": "year"},
]
PER_CHART = {"pay_min": Decimal("1.50"), "pay_max": Decimal("2.00"), "pay_unit": "chart"}
COMMON = {"credentials_required": ["cpc"], "settings": ["physician-practice"]}


@pytest.fixture
def fixture_jobs(jobs):
    """The hand-computed fixture, published; returns the ids (per-chart job last)."""
    company = jobs.company()
    ids = [jobs.posting(company, **COMMON, **pay) for pay in FIXTURE]
    ids.append(jobs.posting(company, **COMMON, **PER_CHART))
    return ids
