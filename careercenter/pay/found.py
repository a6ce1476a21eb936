"""/jobs: the pay of the jobs a search found, all of them (up to the search's count cap),
not only the page shown. Read once per search and index generation with the listing it is
part of (postings.search_views remembers the rendered results)."""

from __future__ import annotations

from dataclasses import dataclass

from careercenter.search.engine import SearchPage


@dataclass(frozen=True)
class FoundPay:
    count: int
    annual: tuple[float, float, float] | None  # lowest, highest, median (dollars a year)
    chart: tuple[float, float] | None  # lowest, highest per chart
    chart_count: int
    pay_args: dict[str, str]


def found_pay(results: SearchPage) -> FoundPay | None:
    """The pay of the jobs the search found, up to its count cap, not only the page shown:
    from the index's copy of each range (posting_search.pay_low, pay_high, per_chart), read
    with the count (search_jobs(with_pay=True)), so no posting is read and the jobs are not
    searched twice."""
    annual, chart = results.pay.get(False), results.pay.get(True)
    if annual is None and chart is None:
        return None
    query = results.query
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
        count=min(results.total, sum(f.count for f in (annual, chart) if f)),
        annual=(annual.lowest, annual.highest, annual.median) if annual else None,
        chart=(chart.lowest, chart.highest) if chart else None,
        chart_count=chart.count if chart else 0,
        pay_args=pay_args,
    )
