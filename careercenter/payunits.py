"""Pay in yearly terms: the one rule for turning an hourly rate into a year's pay.

A leaf module: the search index, the pay statistics and the job pages all read it.
"""

from __future__ import annotations

from decimal import Decimal

# A full-time year: 40 hours a week, 52 weeks (how US boards state an hourly rate's
# annual equivalent).
HOURS_PER_YEAR = 2080


def annualise(amount: Decimal | float, unit: str) -> float:
    """Pay in its kind's yearly terms: an hourly rate times 2,080; yearly pay as it is.
    Pay per chart is its own kind and stays per chart."""
    return float(amount) * (HOURS_PER_YEAR if unit == "hour" else 1)


def dollars_a_year(amount: Decimal | float, unit: str) -> float:
    """Dollars a year; 0 for pay per chart, which has no yearly equivalent."""
    return 0.0 if unit == "chart" else annualise(amount, unit)
