"""The methodologies a parameters file may choose, each a small pure calculation per cell.

`compute_er` is shared: it takes the stove-days split into cells (cells.py), the usage
rate of each cohort and the method's savings and ER per cell, and gives exact sums.
"""

import calendar
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from core.mrv.methods import efficiency_ratio, gold_standard
from core.mrv.methods.cells import DayCell, exact_sums, floor_to_common_grid, weighted_mean
from core.mrv.methods.context import Context
from core.mrv.options import EFFICIENCY_RATIO, GOLD_STANDARD, KPT

KPT_SAVINGS_EQUATION = (
    "S = B_b,adj − P_p,adj (KPT means; lower bound of B, upper of P if 90/10 fails)"
)


@dataclass(frozen=True)
class Method:
    """A methodology's name, equations and per-cell ER."""

    name: str
    equation: str
    savings_equation: str
    uses_kpt: bool
    cell_er: Callable[[DayCell, float, float, Context], float]


def method_for(ctx: Context) -> Method:
    """The method the parameters file names (validated when the file was parsed)."""
    name = ctx.params.methodology
    if name == KPT:
        return Method(
            KPT, efficiency_ratio.EQUATION, KPT_SAVINGS_EQUATION, True, efficiency_ratio.cell_er
        )
    if name == GOLD_STANDARD:
        kpt = ctx.options.kpt is not None
        savings = KPT_SAVINGS_EQUATION if kpt else efficiency_ratio.SAVINGS_EQUATION
        return Method(GOLD_STANDARD, gold_standard.EQUATION, savings, kpt, gold_standard.cell_er)
    if name != EFFICIENCY_RATIO:
        raise ValueError(f"unknown methodology {name!r}")
    return Method(
        EFFICIENCY_RATIO,
        efficiency_ratio.EQUATION,
        efficiency_ratio.SAVINGS_EQUATION,
        False,
        efficiency_ratio.cell_er,
    )


@dataclass(frozen=True)
class MethodResult:
    """ER and wood saved, by district and cohort, adding up exactly to the totals."""

    er_tco2e: float
    er_by_district: dict[str, float]
    er_by_cohort: dict[int, float]
    wood_saved_t: float
    wood_saved_by_cohort: dict[int, float]
    savings_t_per_stove_day: float | None
    savings_by_district: dict[str, float | None]
    transport_tco2e: float = 0.0  # fuel-transport emissions deducted, when stated


def transport_t(cell: DayCell, ctx: Context) -> float:
    """Fuel-transport emissions of a cell's stove-days (tCO2e), when the file states a figure.

    Counted on every creditable stove-day, used or not: the conservative side.
    """
    stated = ctx.options.transport
    if stated is None or not stated.tco2e_per_stove_year:
        return 0.0
    days_in_year = 366 if calendar.isleap(cell.year) else 365
    return cell.days * stated.tco2e_per_stove_year / days_in_year


def cell_savings(method: Method, cell: DayCell, ctx: Context) -> float:
    """Wood saved per operating stove-day (t) in this cell."""
    if method.uses_kpt:
        if ctx.kpt_savings_t is None:
            raise ValueError(f"{method.name} needs KPT savings")
        return ctx.kpt_savings_t
    return efficiency_ratio.savings_t(cell, ctx)


def compute_er(
    cells: Sequence[DayCell],
    usage_by_cohort: Mapping[int, float],
    ctx: Context,
    *,
    districts: Sequence[str] = (),
) -> MethodResult:
    """Every cell's ER under the chosen method, floored onto one grid and summed exactly."""
    method = method_for(ctx)
    savings = [cell_savings(method, c, ctx) for c in cells]
    usage = [usage_by_cohort.get(c.cohort, 0.0) for c in cells]
    transport = [transport_t(c, ctx) for c in cells]
    ers = floor_to_common_grid(
        [
            method.cell_er(c, u, s, ctx) - t
            for c, u, s, t in zip(cells, usage, savings, transport, strict=True)
        ]
    )
    woods = floor_to_common_grid(
        [c.days * u * s for c, u, s in zip(cells, usage, savings, strict=True)]
    )
    by_district = exact_sums((c.district, e) for c, e in zip(cells, ers, strict=True))
    by_cohort = exact_sums((c.cohort, e) for c, e in zip(cells, ers, strict=True))
    wood_by_cohort = exact_sums((c.cohort, w) for c, w in zip(cells, woods, strict=True))
    pairs: dict[str, list[tuple[float, int | Fraction]]] = {d: [] for d in districts}
    for c, s in zip(cells, savings, strict=True):
        pairs.setdefault(c.district, []).append((s, c.days))
    return MethodResult(
        er_tco2e=math.fsum(ers),
        er_by_district={d: by_district.get(d, 0.0) for d in sorted(pairs)},
        er_by_cohort=dict(sorted(by_cohort.items())),
        wood_saved_t=math.fsum(woods),
        wood_saved_by_cohort=dict(sorted(wood_by_cohort.items())),
        savings_t_per_stove_day=weighted_mean(
            (s, c.days) for c, s in zip(cells, savings, strict=True)
        ),
        savings_by_district={d: weighted_mean(pairs[d]) for d in sorted(pairs)},
        transport_tco2e=math.fsum(transport),
    )
