"""/jobs: the pay of the jobs a search found, all of them (up to the search's count cap),
not only the page shown. Read once per search and index generation with the listing it is
part of (postings.search_views remembers the rendered results)."""

from __future__ import annotations

from dataclasses import dataclass

from careercenter.pay import stats
from careercenter.search.engine import SearchPage


@dataclass(frozen=True)
class FoundPay:
    count: int
    annual: tuple[float, float, float] | None  # lowest, highest, median (dollars a year)
    chart: tuple[float, float] | None  # lowest, highest per chart
    chart_count: int
    pay_args: dict[str, str]


def found_pay(results: SearchPage) -> FoundPay | None:
    """The pay of up to COUNT_CAP of the jobs the search found, from the index's copy of
    each range (posting_search.pay_low, pay_high, per_chart), read with the count
    (search_jobs(with_pay=True)): no posting is read (their pay columns sit behind the long
    descriptions), and the jobs are not searched twice."""
    rows = results.pay_rows
    if not rows:
        return None
    query = results.query
    annual = [(low, high) for per_chart, low, high in rows if not per_chart]
    chart = [(low, high) for per_chart, low, high in rows if per_chart]
    mids = sorted((low + high) / 2 for low, high in annual)
    pay_args = {
        name: value
        for name, value in (
            ("credential", query.credential),
            ("specialty", query.specialty),
            ("setting", query.setting),
            ("arrangement", query.arrangement),
            ("state", query.state),
        )
        if value
    }
    return FoundPay(
        count=len(rows),
        annual=(
            min(low for low, _ in annual),
            max(high for _, high in annual),
            stats.percentile(mids, 0.5),
        )
        if annual
        else None,
        chart=(min(low for low, _ in chart), max(high for _, high in chart)) if chart else None,
        chart_count=len(chart),
        pay_args=pay_args,
    )
