"""The digest's PNG chart: the last weeks' response and days used, in percent, by week and year."""

import io
from typing import Any

from core.reporting.model import WeekFigures


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def week_labels(weeks: tuple[WeekFigures, ...]) -> list[str]:
    """Week ticks: the ISO week, with its year under the first week and where a year begins."""
    labels, year = [], ""
    for w in weeks:
        this_year, number = w.week[:4], w.week[5:]
        labels.append(f"{number}\n{this_year}" if this_year != year else number)
        year = this_year
    return labels


def digest_chart(weeks: tuple[WeekFigures, ...]) -> bytes:
    """PNG of the weeks given: response rate and share of days used (programme-wide), in %."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=(6.4, 3.0), layout="constrained")
    axes: Any = figure.subplots()
    xs = list(range(len(weeks)))
    axes.plot(xs, [_nan(w.response_rate) for w in weeks], marker="o", label="respuesta")
    axes.plot(
        xs,
        [_nan(None if w.mean_days_used is None else w.mean_days_used / 7) for w in weeks],
        marker="s",
        label="días de uso / 7",
    )
    axes.set_xticks(xs, week_labels(weeks), fontsize=8)
    axes.set_xlabel("semana ISO (año)")
    axes.set_ylim(0, 1.05)
    axes.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    axes.set_ylabel("% de hogares / de días")
    axes.grid(axis="y", alpha=0.3)
    axes.set_title(f"Últimas {len(weeks)} semanas (programa)")
    axes.legend(loc="lower left", fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()
