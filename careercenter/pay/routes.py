"""/pay, and the pay figures other pages include (as template helpers)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask import get_template_attribute, render_template, request
from markupsafe import Markup

from careercenter import vocabulary
from careercenter.forms import EmptyForm
from careercenter.pay import bp, charts, report, stats
from careercenter.pay.found import found_pay
from careercenter.payunits import annualise


@bp.get("/pay")
def index():
    filters, errors = report.parse_filters(request.args)
    found = report.current(filters)
    return render_template(
        "pay/index.html",
        report=found,
        errors=errors,
        charts=page_charts(found),
        choices=report.FILTERS,
    ), (400 if errors else 200)


def page_charts(found: report.PayReport) -> dict[str, str]:
    key = found.filters
    drawn = {}
    if found.annual:
        drawn["distribution"] = charts.remembered(
            (key, "distribution"), lambda: charts.histogram(found.values, stats.ANNUAL)
        )
    for name, breakdown in found.breakdowns.items():
        if breakdown.rows:
            highlight = found.filters.label(name) or None
            rows = [(row.label, row.figures.p50) for row in breakdown.rows]
            drawn[name] = charts.remembered(
                (key, name),
                lambda rows=rows, highlight=highlight: charts.bars(
                    rows, stats.ANNUAL, highlight=highlight
                ),
            )
    if sum(1 for _, figures, _ in found.months if figures) >= 2:
        months = [(month, figures.p50 if figures else None) for month, figures, _ in found.months]
        drawn["months"] = charts.remembered(
            (key, "months"), lambda: charts.trend(months, stats.ANNUAL)
        )
    return drawn


# -- the figures other pages show ---------------------------------------------------------------


@dataclass(frozen=True)
class JobPay:
    """Where a job's pay sits among similar jobs."""

    comparison: stats.Comparison
    value: float
    unit: str
    chart: str  # a data: URI

    @property
    def figures(self) -> stats.Figures:
        return self.comparison.figures

    @property
    def position(self) -> str:
        return self.figures.position(self.value)

    def amount(self, value: float) -> str:
        return stats.amount(value, self.figures.kind, self.unit)

    @property
    def sentence(self) -> str:
        count = self.figures.count
        return (
            f"{self.position} for {self.comparison.label} "
            f"(median {self.amount(self.figures.p50)}, {count} job{'s' if count != 1 else ''})"
        )


def job_pay(posting) -> JobPay | None:
    """The comparison a job page shows."""

    def compute() -> JobPay | None:
        comparison = stats.compare_posting(posting)
        if comparison is None:
            return None
        point = stats.point_of(posting)
        chart = charts.position(comparison.figures, point.mid, point.kind, posting.pay_unit)
        return JobPay(comparison, point.mid, posting.pay_unit, charts.data_uri(chart))

    return compute()


def job_pay_panel(posting) -> Markup:
    """The job page's pay panel, rendered once per job version and figures."""

    def render() -> Markup:
        found = job_pay(posting)
        if found is None:
            return Markup("")
        return get_template_attribute("pay/_job_pay_panel.html", "panel")(posting, found)

    return stats.remembered(("job panel", posting.id, posting.updated_at), render)


def pay_for_profile(profile) -> list[tuple[str, stats.Comparison | None]]:
    """For a coder's dashboard: pay of jobs for each credential they hold, in their state
    (widened when too few), and remote."""
    if profile is None:
        return []
    held = [c for c in vocabulary.CREDENTIALS if c in profile.credential_slugs][:3]
    result = []
    for credential in held or [None]:
        for remote in (False, True):
            comparison = stats.compare(
                kind=stats.ANNUAL,
                credential=credential,
                setting=None,
                state=None if remote else profile.state,
                remote=remote,
            )
            label = stats.describe(credential, None, "remote" if remote else
                                   stats.place_of_state(profile.state))  # fmt: skip
            result.append((label, comparison))
    return result


@dataclass(frozen=True)
class PostingCheck:
    """The posting form's pay check: similar jobs' figures and what stands out."""

    comparison: stats.Comparison | None
    described: str
    value: float | None
    unit: str
    warnings: list[str]
    chart: str | None  # a data: URI

    def amount(self, value: float) -> str:
        kind = self.comparison.figures.kind if self.comparison else stats.ANNUAL
        return stats.amount(value, kind, self.unit)


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() and number > 0 else None


def posting_check(form) -> PostingCheck | None:
    """What the pay check says for the values in a posting form; None before the employer
    has chosen a pay unit and a place."""
    unit = form.pay_unit.data
    state = form.state.data
    arrangement = form.arrangement.data
    if unit not in vocabulary.PAY_UNITS or not (state or arrangement == "remote"):
        return None
    credential = stats.primary(form.required_credentials(), vocabulary.CREDENTIALS)
    setting = stats.primary(form.settings.data, vocabulary.SETTINGS)
    remote = arrangement == "remote"
    kind = stats.kind_of(unit)
    comparison = stats.compare(
        kind=kind, credential=credential, setting=setting, state=state, remote=remote
    )
    wanted = stats.places_for(state, remote)[0]
    described = stats.describe(credential, setting, wanted)
    low, high = _decimal(form.pay_min.data), _decimal(form.pay_max.data)
    value = None
    warnings = []
    chart = None
    if low and high and low <= high:
        value = (annualise(low, unit) + annualise(high, unit)) / 2
        if comparison:
            figures = comparison.figures
            if value < figures.p25:
                warnings.append(
                    f"The middle of your range ({stats.amount(value, kind, unit)}) is below "
                    f"the 25th percentile of {comparison.label} "
                    f"({stats.amount(figures.p25, kind, unit)}): three in four of them pay "
                    "more."
                )
            if float(high / low) > figures.width_p75:
                warnings.append(
                    f"Your range is wider than most: its top is {float(high / low):.1f}× its "
                    f"bottom, where three in four of {comparison.label} stay within "
                    f"{figures.width_p75:.1f}×. Coders read a narrow range as a real offer."
                )
            chart = charts.data_uri(charts.position(figures, value, kind, unit))
    return PostingCheck(comparison, described, value, unit, warnings, chart)


def check_requested() -> bool:
    """The employer pressed "Check pay" on the posting form (a POST with a valid CSRF
    token): show the form again with the check, save nothing."""
    return "check_pay" in request.form and EmptyForm().validate_on_submit()


@bp.app_context_processor
def pay_helpers() -> dict:
    return {
        "job_pay_panel": job_pay_panel,
        "found_pay": found_pay,
        "pay_for_profile": pay_for_profile,
        "posting_check": posting_check,
        "pay_amount": stats.amount,
        "pay_both_ways": stats.both_ways,
        "pay_thousands": stats.thousands,
    }
