"""Gold Standard TPDDTEC v4 (and RECH) structure: non-CO2 gases are not scaled by fNRB.

    ER = Σ stove_days × U × S × NCV × (fNRB × EF_CO2 + EF_nonCO2) × LF         (tCO2e)

EF_CO2 is the wood's own CO2 factor (tCO2/TJ), EF_nonCO2 its CH4 and N2O (tCO2e/TJ);
S is measured by kitchen performance tests when a `[kpt]` table is given, otherwise the
efficiency ratio's. AMS-II.G instead multiplies a fossil substitute's factor by fNRB.
"""

from core.mrv.methods.cells import DayCell
from core.mrv.methods.context import Context

NAME = "GS TPDDTEC v4"
EQUATION = "ER = Σ stove_days × U × S × NCV × (fNRB × EF_CO2 + EF_nonCO2) × LF"


def _factor(ctx: Context, name: str) -> float:
    """EF_CO2 or EF_nonCO2, or the override naming it."""
    if ctx.override is not None and ctx.override[0] == name:
        return ctx.override[1]
    options = ctx.options
    parameter = options.ef_co2 if name == "ef_co2_tco2_per_tj" else options.ef_nonco2
    if parameter is None:
        raise ValueError(f"{name} is needed by {NAME}")
    return float(parameter.value)


def cell_er(cell: DayCell, usage: float, savings: float, ctx: Context) -> float:
    """ER of one cell under the Gold Standard structure."""
    ef = ctx.fnrb(cell) * _factor(ctx, "ef_co2_tco2_per_tj") + _factor(
        ctx, "ef_nonco2_tco2e_per_tj"
    )
    return (
        cell.days * usage * savings * ctx.value("ncv_tj_per_t") * ef * ctx.value("leakage_factor")
    )
