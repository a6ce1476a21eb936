"""Pay charts as SVG, drawn by pygal on the server: no JavaScript (pygal's tooltip script is
turned off), no web fonts (the site's system font stack), colours that pass contrast on
white, and a viewBox so they stay crisp at any size. Each chart goes in the page as an <img>
(a data: URI) with an alt text, next to a table or sentence with the same figures.

Rendered charts are remembered per process by the figures' generation (stats.
current_generation), so a page showing them costs a dictionary look-up once drawn.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Hashable

import pygal
from pygal.etree import etree
from pygal.style import Style

from careercenter.pay import stats
from careercenter.payunits import HOURS_PER_YEAR

INK, MUTED, BRAND, ACCENT = "#1b2631", "#4a5866", "#0b4f8a", "#b35c00"
STYLE = Style(
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    background="#ffffff",
    plot_background="#ffffff",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle=MUTED,
    opacity="1",
    opacity_hover="1",
    colors=(BRAND, ACCENT, "#2e6b30"),
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    value_label_font_size=12,
    legend_font_size=13,
)
BASE = {
    "js": [],  # pygal otherwise loads its tooltip script from a CDN
    "style": STYLE,
    "disable_xml_declaration": True,
    "explicit_size": False,
    "show_legend": False,
    "print_values": False,
    "margin": 8,
}


def remembered(key: Hashable, draw: Callable[[], str]) -> str:
    """The chart for `key` at the current figures' generation, drawn once, as a data: URI
    for an <img> (see `data_uri`)."""
    return stats.remembered(("chart", key), lambda: data_uri(draw()))


def data_uri(svg: str) -> str:
    """An SVG as the src of an <img>: drawn inside the page (no extra request), with its
    own styles, which the site's content security policy would refuse inline in the page
    (style-src 'self'); an image document runs no script either way. The <img> carries
    the chart's text alternative in its alt."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _svg(chart) -> str:
    """The chart's SVG without the inline script pygal always adds (its configuration for
    the tooltip script, which `js=[]` leaves out): a chart here needs no JavaScript, and
    the site's content security policy would refuse it."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return etree.tostring(tree, encoding="unicode")


def _thousands(value: float) -> str:
    return f"${value / 1000:,.0f}k"


def _formatter(kind: str):
    return (lambda v: f"${v:,.2f}") if kind == stats.CHART else _thousands


def histogram(values: list[float], kind: str, bins: int = 12) -> str:
    """How many jobs pay how much: equal-width bins from the lowest to the highest."""
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    chart = pygal.Histogram(
        **BASE, width=640, height=300, value_formatter=lambda v: f"{v:.0f} jobs",
        x_value_formatter=_formatter(kind), y_title="Jobs",
    )  # fmt: skip
    chart.add("Jobs", [(count, low + i * width, low + (i + 1) * width)
                       for i, count in enumerate(counts)])  # fmt: skip
    return _svg(chart)


def bars(rows: list[tuple[str, float]], kind: str, *, highlight: str | None = None) -> str:
    """Horizontal bars (medians by credential, state...), in the order given."""
    height = 50 + 26 * len(rows)
    chart = pygal.HorizontalBar(
        **BASE, width=400, height=height, value_formatter=_formatter(kind),
    )  # fmt: skip
    # pygal draws the first label at the bottom: reverse so the list reads top down.
    ordered = list(reversed(rows))
    # Short labels leave the bars room (the table beside the chart has the full names).
    chart.x_labels = [label if len(label) <= 20 else label[:19] + "…" for label, _ in ordered]
    chart.add(
        "Median",
        [{"value": value, "color": ACCENT} if label == highlight else value
         for label, value in ordered],
    )  # fmt: skip
    return _svg(chart)


def trend(months: list[tuple[str, float | None]], kind: str) -> str:
    chart = pygal.Line(
        **BASE, width=640, height=280, value_formatter=_formatter(kind), x_label_rotation=0,
        show_minor_x_labels=False, dots_size=4, allow_interruptions=True,
    )  # fmt: skip
    chart.x_labels = [label for label, _ in months]
    chart.x_labels_major = [label for label, _ in months][:: max(1, len(months) // 6)]
    chart.add("Median", [value for _, value in months])
    return _svg(chart)


def position(figures: stats.Figures, value: float, kind: str, unit: str = "year") -> str:
    """A small chart for a job page: the quantiles of similar jobs and this job, per hour
    when the job is paid by the hour."""
    scale = HOURS_PER_YEAR if unit == "hour" and kind == stats.ANNUAL else 1
    rows = [(name.replace(" percentile", ""), v / scale) for name, v in figures.quantiles]
    rows.append(("This job", value / scale))
    formatter = (lambda v: f"${v:,.0f}/h") if scale > 1 else _formatter(kind)
    chart = pygal.HorizontalBar(
        **BASE, width=320, height=200, value_formatter=formatter,
    )  # fmt: skip
    ordered = list(reversed(rows))
    chart.x_labels = [label for label, _ in ordered]
    chart.add(
        "Pay",
        [{"value": v, "color": ACCENT} if label == "This job" else v for label, v in ordered],
    )
    return _svg(chart)
