"""The shapes of the report's methodology sections (JSON-ready through `as_dict()`)."""

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from core.mrv.methods import Method
from core.mrv.methods.context import Context
from core.mrv.options import GOLD_STANDARD, MethodOptions
from core.reporting.model import _Plain, plain

# ICVCM's wood-to-charcoal ratio, used when a KPT campaign weighs charcoal and the
# parameters file says nothing about it.
DEFAULT_WOOD_PER_CHARCOAL = 4.0


@dataclass(frozen=True)
class MethodFigures(_Plain):
    """The methodology a report was computed under, its equations and varying values."""

    name: str
    version: str
    equation: str
    savings_equation: str
    usage: str
    usage_by_cohort: bool  # then usage_credited, not verification.u_applied, is credited
    kpt_savings_kg_per_stove_day: float | None
    operating_stove_days: float
    usage_credited: float | None  # operating / stove-days: the usage the ER applied
    wood_saved_t: float
    fnrb_by_days: tuple[dict[str, Any], ...]
    options: dict[str, Any]


@dataclass(frozen=True)
class CohortFigures(_Plain):
    """Stoves installed in one year: their stove-days, operational share and ER."""

    cohort: int
    stoves_installed: int
    stove_days: int | float
    share_of_stove_days: float | None  # its weight in the credited usage
    visits_counted: int
    in_use: int
    operational_share: float
    share_source: str
    reason: str | None
    operating_stove_days: float
    wood_saved_t: float
    er_tco2e: float


@dataclass(frozen=True)
class SensitivityRow(_Plain):
    """The ER had one parameter taken another documented value."""

    parameter: str
    value_used: float
    alternative: float
    er_tco2e: float
    change: float | None
    source: str = ""  # where the other value is documented


def options_report(options: MethodOptions) -> dict[str, Any]:
    """The options that were given, with their units, sources and validity, as plain values."""
    result: dict[str, Any] = {}
    for f in fields(options):
        value = getattr(options, f.name)
        if value is None or value == () or f.name == "sensitivity_source":
            continue
        result[f.name] = plain(value) if is_dataclass(value) or isinstance(value, tuple) else value
    if options.sensitivity:
        result["sensitivity"] = {name: list(values) for name, values in options.sensitivity}
        result["sensitivity"]["source"] = options.sensitivity_source
    if options.cohorts is not None:
        result["cohorts"]["commissioning"] = {
            str(year): {"share": share, "source": source}
            for year, (share, source) in options.cohorts.commissioning.items()
        }
    if options.efficiency_decline is not None:
        factors, source = options.efficiency_decline
        result["efficiency_decline"] = {"retained_by_age": list(factors), "source": source}
    return result


def wood_per_charcoal(ctx: Context, method: Method) -> float:
    """Kilograms of wood one kilogram of charcoal counts as (4:1, or by its own NCV x EF)."""
    charcoal = ctx.options.charcoal
    if charcoal is None:
        return DEFAULT_WOOD_PER_CHARCOAL
    if charcoal.wood_per_charcoal is not None:
        return charcoal.wood_per_charcoal
    assert charcoal.ncv_tj_per_t is not None and charcoal.ef_tco2_per_tj is not None
    if method.name == GOLD_STANDARD and ctx.options.ef_co2 is not None:
        wood_ef = float(ctx.options.ef_co2.value)
    else:
        wood_ef = ctx.value("ef_tco2_per_tj")
    wood = ctx.value("ncv_tj_per_t") * wood_ef
    return charcoal.ncv_tj_per_t * charcoal.ef_tco2_per_tj / wood
