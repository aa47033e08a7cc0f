"""CDM AMS-II.G, efficiency-ratio option: savings from the stove's tested efficiency.

    ER = Σ stove_days × U × S × fNRB × NCV × EF × LF                         (tCO2e)
    S  = B_old × (1 − η_old / (η_new × retained(age)))        (t wood per stove-day)

B_old is kg per household-day / 1000, or t per household-year / days of that calendar year
(a leap year adds nothing); η_new is the tested efficiency of the stove's model for its
installation year (the base value otherwise); retained(age) the efficiency kept at the
stove's age in whole years (calendar year − installation year; 1 without a table); fNRB the
value valid on the day; η_old that of the baseline stove.
"""

import calendar

from core.mrv.calc import emission_reductions
from core.mrv.methods.cells import DayCell
from core.mrv.methods.context import Context

NAME = "CDM AMS-II.G"
EQUATION = "ER = Σ stove_days × U × S × fNRB × NCV × EF × LF"
SAVINGS_EQUATION = "S = B_old × (1 − η_old / (η_new × retained(age)))"


def b_old_t_per_day(cell: DayCell, ctx: Context) -> float:
    """Baseline wood per household-day (t), from a per-day or a per-year value."""
    per_year = ctx.options.b_old_t_per_year
    if per_year is not None:
        days = 366 if calendar.isleap(cell.year) else 365
        return float(per_year.value) / days
    return ctx.value("b_old_kg_per_day") / 1000.0


def eta_new(cell: DayCell, ctx: Context) -> float:
    """The project stove's efficiency for this model, cohort and age."""
    if ctx.override is not None and ctx.override[0] == "eta_new":
        tested = ctx.override[1]
    else:
        entries = [e for e in ctx.options.eta_new_by_model if e.applies(cell.model, cell.cohort)]
        tested = entries[0].value if entries else ctx.value("eta_new")
    decline = ctx.options.efficiency_decline
    if decline is None:
        return tested
    factors = decline[0]
    age = max(0, cell.year - cell.cohort)
    return tested * factors[min(age, len(factors) - 1)]


def eta_old(cell: DayCell, ctx: Context) -> float:
    """The replaced fire's efficiency for the cell's baseline stove."""
    if cell.baseline == "open_fire":
        return ctx.value("eta_old")
    return ctx.params.eta_old_for(cell.baseline)


def savings_t(cell: DayCell, ctx: Context) -> float:
    """Wood saved per stove-day (t) under the efficiency ratio."""
    return b_old_t_per_day(cell, ctx) * (1.0 - eta_old(cell, ctx) / eta_new(cell, ctx))


def cell_er(cell: DayCell, usage: float, savings: float, ctx: Context) -> float:
    """ER of one cell: the fossil-substitute EF multiplied by fNRB (AMS-II.G)."""
    return emission_reductions(
        stove_days=float(cell.days),
        usage_rate=usage,
        savings_t_per_stove_day=savings,
        fnrb=ctx.fnrb(cell),
        ncv_tj_per_t=ctx.value("ncv_tj_per_t"),
        ef_tco2_per_tj=ctx.value("ef_tco2_per_tj"),
        leakage_factor=ctx.value("leakage_factor"),
    )
