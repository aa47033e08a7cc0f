"""The monitoring report as one self-contained, printable HTML page (inline CSS and SVG)."""

import math
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from core.reporting.wording import DEFAULT_LANGUAGE, Wording
from gateway.renderers.report_charts import response_chart, usage_chart

_DASH = "–"


def number(value: Any, digits: int = 3, words: Wording | None = None) -> str:
    """A number with thousands separators and a fixed count of decimals; a dash for none.

    Figures are written alike in English and Spanish (a point for decimals, as in Peru);
    only a yes or no is said in the reader's language.
    """
    if value is None:
        return _DASH
    if isinstance(value, bool):
        return (words or Wording())("yes" if value else "no")
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
        return number(value)
    return f"{value:.{digits}g}"


def as_written(value: Any) -> str:
    """A parameter value exactly as the parameter file holds it (true/false for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _environment(words: Wording) -> Environment:
    """The template environment in one language, autoescaping everything but the charts."""
    env = Environment(
        loader=PackageLoader("gateway", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=lambda value, digits=3: number(value, digits, words),
        percent=percent,
        significant=significant,
        as_written=as_written,
    )
    env.globals["t"] = words
    return env


def render(report: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """Render a report dict as a single HTML document a verifier can open offline or print.

    `lang` is "en" (the verifier's and the buyer's) or "es" (coordinators' and staff's): the
    same figures, every label and explanation from the report's catalogue of words.
    """
    words = Wording(lang)
    verification = report["verification"]
    low, high = verification["lower_bound"], verification["upper_bound"]
    interval = None if low is None or high is None else (low, high)
    template = _environment(words).get_template("report.html")
    return template.render(
        r=report,
        interval=interval,
        charts={
            "usage": Markup(usage_chart(report, words)),
            "response": Markup(response_chart(report, words)),
        },
    )
