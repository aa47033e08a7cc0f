"""The monitoring report as one self-contained, printable HTML page (inline CSS and SVG)."""

import math
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gateway.renderers.report_charts import response_chart, usage_chart

_DASH = "–"


def number(value: Any, digits: int = 3) -> str:
    """A number with thousands separators and a fixed count of decimals; a dash for none."""
    if value is None:
        return _DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return _DASH
    return f"{value:,.{digits}f}"


def percent(value: Any, digits: int = 1) -> str:
    """A share as a percentage; a dash for none."""
    return _DASH if value is None else f"{value * 100:.{digits}f} %"


def significant(value: Any, digits: int = 4) -> str:
    """A small or large value with a few significant digits (e.g. tonnes per stove-day)."""
    if value is None:
        return _DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.{digits}g}"


def as_written(value: Any) -> str:
    """A parameter value exactly as the parameter file holds it (true/false for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _environment() -> Environment:
    """The template environment, autoescaping everything but the charts."""
    env = Environment(
        loader=PackageLoader("gateway", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=number, percent=percent, significant=significant, as_written=as_written
    )
    return env


def render(report: Mapping[str, Any]) -> str:
    """Render a report dict as a single HTML document a verifier can open offline or print."""
    verification = report["verification"]
    low, high = verification["lower_bound"], verification["upper_bound"]
    interval = None if low is None or high is None else (low, high)
    template = _environment().get_template("report.html")
    return template.render(
        r=report,
        interval=interval,
        charts={
            "usage": Markup(usage_chart(report)),
            "response": Markup(response_chart(report)),
        },
    )
