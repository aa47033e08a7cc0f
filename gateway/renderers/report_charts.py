"""The report's charts as inline SVG (matplotlib, no pyplot state), safe to embed in one page."""

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from core.reporting.wording import Wording

_SVG_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SIZE = re.compile(r'(<svg\b[^>]*?)\s+width="[^"]*"\s+height="[^"]*"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_COLOURS = {"self": "#b35806", "verified": "#2166ac", "applied": "#1a9850", "rate": "#542788"}


def _inline(svg: str, prefix: str) -> str:
    """Make matplotlib's SVG embeddable: no prologue, namespaces, fixed size or clashing ids.

    HTML parsers put inline <svg> in the SVG namespace (and xlink:href in XLink's) by
    themselves, so the namespace URIs can go; ids get a per-chart prefix.
    """
    svg = _SVG_PROLOGUE.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = _NAMESPACES.sub("", svg)
    svg = _SIZE.sub(r'\1 role="img"', svg, count=1)
    svg = svg.replace('id="', f'id="{prefix}-')
    svg = svg.replace('href="#', f'href="#{prefix}-').replace("url(#", f"url(#{prefix}-")
    return svg.strip()


def _render(draw: Any, prefix: str) -> str:
    """Draw on a fresh figure and return its SVG, deterministic for the same data."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {"svg.hashsalt": "qoncha-report", "svg.fonttype": "none", "font.size": 9}
    ):
        figure = Figure(figsize=(7.5, 2.9), layout="constrained")
        draw(figure.subplots())
        buffer = io.StringIO()
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    return _inline(buffer.getvalue(), prefix)


def _week_axis(axes: Any, weeks: Sequence[Mapping[str, Any]], words: Wording) -> list[int]:
    """Label the x axis with ISO weeks, thinned so labels never overlap."""
    positions = list(range(len(weeks)))
    step = max(1, len(weeks) // 13)
    axes.set_xticks(positions[::step], [w["week"][5:] for w in weeks][::step])
    axes.set_xlabel(words("chart.week"))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_ylim(0, 1.05)
    return positions


def usage_chart(report: Mapping[str, Any], words: Wording | None = None) -> str:
    """Weekly self-reported share of days used against the verified usage rate and its interval."""
    weeks = report["weekly"]
    verification = report["verification"]
    words = words or Wording()

    def draw(axes: Any) -> None:
        positions = _week_axis(axes, weeks, words)
        shares = [None if w["mean_days_used"] is None else w["mean_days_used"] / 7 for w in weeks]
        axes.plot(
            positions,
            [float("nan") if s is None else s for s in shares],
            color=_COLOURS["self"],
            marker="o",
            markersize=2.5,
            linewidth=1.2,
            label=words("chart.self"),
        )
        p, low, high = verification["p"], verification["lower_bound"], verification["upper_bound"]
        if p is not None and positions:
            axes.axhline(p, color=_COLOURS["verified"], linewidth=1.2, label=words("chart.p"))
            if low is not None and high is not None:
                axes.axhspan(
                    low,
                    high,
                    color=_COLOURS["verified"],
                    alpha=0.12,
                    label=words("chart.interval"),
                )
        if positions:
            # By cohort, the usage credited is the cohorts' stove-day-weighted share, not U.
            by_cohort = report["method"]["usage_by_cohort"]
            axes.axhline(
                report["method"]["usage_credited"] if by_cohort else verification["u_applied"],
                color=_COLOURS["applied"],
                linestyle="--",
                linewidth=1.2,
                label=words("chart.by_cohort" if by_cohort else "chart.u"),
            )
        else:
            axes.text(0.5, 0.5, words("chart.no_week"), ha="center", transform=axes.transAxes)
        axes.set_ylabel(words("chart.share_of_days"))
        axes.legend(loc="lower left", fontsize=7, frameon=False, ncol=2)

    return _render(draw, "usage")


def response_chart(report: Mapping[str, Any], words: Wording | None = None) -> str:
    """Weekly SMS response rate: reporting stoves over active stoves."""
    weeks = report["weekly"]
    words = words or Wording()

    def draw(axes: Any) -> None:
        positions = _week_axis(axes, weeks, words)
        rates = [float("nan") if w["response_rate"] is None else w["response_rate"] for w in weeks]
        axes.plot(
            positions, rates, color=_COLOURS["rate"], marker="o", markersize=2.5, linewidth=1.2
        )
        if not positions:
            axes.text(0.5, 0.5, words("chart.no_week"), ha="center", transform=axes.transAxes)
        axes.set_ylabel(words("chart.response_rate"))

    return _render(draw, "response")
