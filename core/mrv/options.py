"""Methodology options of the parameters file: which method, and the values that vary.

Parsed apart from the base parameters so that each methodology's own keys are checked
(missing, unknown or out of range, always named) in one place. Every value carries its
unit, source and, where it has one, its validity (dates, installation years, campaign age).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from core.mrv.option_types import (
    EFFICIENCY_RATIO,
    GOLD_STANDARD,
    KPT,
    KPT_LIMITS,
    METHODOLOGIES,
    NO_OPTIONS,
    OPTION_KEYS,
    REQUIRED,
    SENSITIVITY_NAMES,
    Charcoal,
    CohortOptions,
    EtaNewEntry,
    FnrbPeriod,
    KptOptions,
    MethodOptions,
)
from core.mrv.parameters import Parameter, ParameterError

__all__ = [
    "EFFICIENCY_RATIO", "GOLD_STANDARD", "KPT", "KPT_LIMITS", "METHODOLOGIES", "NO_OPTIONS",
    "OPTION_KEYS", "SENSITIVITY_NAMES", "Charcoal", "CohortOptions", "EtaNewEntry", "FnrbPeriod",
    "KptOptions", "MethodOptions", "parse_options",
]  # fmt: skip


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A TOML table, refused by name when it is something else."""
    value = data[key]
    if not isinstance(value, dict):
        raise ParameterError(key, "must be a table")
    return value


def _only(
    table: dict[str, Any], name: str, allowed: tuple[str, ...], needed: tuple[str, ...]
) -> None:
    """Refuse unknown and missing fields of a table, naming them."""
    for key in table:
        if key not in allowed:
            raise ParameterError(f"{name}.{key}", "unknown key")
    for key in needed:
        if key not in table:
            raise ParameterError(f"{name}.{key}", "missing key")


def _text(table: dict[str, Any], key: str, name: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"{name}.{key}", "must be a non-empty string")
    return value


def _number(value: Any, name: str, *, low: float = 0.0, high: float = math.inf) -> float:
    """A finite number in (low, high], refused by name otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(name, f"value must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or not low < number <= high:
        raise ParameterError(name, f"value {value} is outside ({low:g}, {high:g}]")
    return number


def _share(value: Any, name: str) -> float:
    """A share in [0, 1] (a cohort may be found entirely out of use)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ParameterError(name, f"value {value!r} is outside [0, 1]")
    return float(value)


def _year(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise ParameterError(name, f"must be a calendar year, got {value!r}")
    return value


def _parameter(data: dict[str, Any], key: str, *, high: float = math.inf) -> Parameter:
    """A value table (value, unit, source) with a positive value."""
    table = _table(data, key)
    _only(table, key, ("value", "unit", "source"), ("value", "unit", "source"))
    value = _number(table["value"], key, high=high)
    return Parameter(key, value, _text(table, "unit", key), _text(table, "source", key))


def _entries(entries: Any, name: str) -> list[tuple[str, dict[str, Any]]]:
    """The tables of a `[[name]]` array, each with the name that refuses it (`name[i]`)."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ParameterError(name, f"must be an array of tables ([[{name}]])")
    return [(f"{name}[{i}]", entry) for i, entry in enumerate(entries)]


def _eta_new_by_model(entries: Any) -> tuple[EtaNewEntry, ...]:
    result = []
    for where, entry in _entries(entries, "eta_new_by_model"):
        fields = ("model", "installed_from", "installed_to", "value", "unit", "source")
        _only(entry, where, fields, ("model", "installed_from", "value", "unit", "source"))
        low = _year(entry["installed_from"], f"{where}.installed_from")
        high = entry.get("installed_to")
        if high is not None and _year(high, f"{where}.installed_to") < low:
            raise ParameterError(f"{where}.installed_to", "is before installed_from")
        value = _number(entry["value"], f"{where}.value", high=1.0)
        model, source = _text(entry, "model", where), _text(entry, "source", where)
        result.append(EtaNewEntry(model, low, high, value, _text(entry, "unit", where), source))
    return tuple(result)


def _efficiency_decline(table: dict[str, Any]) -> tuple[tuple[float, ...], str]:
    name = "efficiency_decline"
    _only(table, name, ("retained_by_age", "unit", "source"), ("retained_by_age", "unit", "source"))
    factors = table["retained_by_age"]
    if not isinstance(factors, list) or not factors:
        raise ParameterError(f"{name}.retained_by_age", "must be a non-empty array")
    checked = tuple(_number(f, f"{name}.retained_by_age", high=1.0) for f in factors)
    _text(table, "unit", name)
    return checked, _text(table, "source", name)


def _fnrb_periods(entries: Any) -> tuple[FnrbPeriod, ...]:
    from core.mrv.evidence import period_evidence  # evidence uses this module's checks

    name = "fnrb_periods"
    periods = []
    for where, entry in _entries(entries, name):
        fields = ("valid_from", "valid_to", "value", "unit", "source")
        _only(entry, where, (*fields, "basis", "area", "vintage"), fields)
        first, last = entry["valid_from"], entry["valid_to"]
        for key, day in (("valid_from", first), ("valid_to", last)):
            if not isinstance(day, date):
                raise ParameterError(f"{where}.{key}", "must be a TOML date (YYYY-MM-DD)")
        if last < first:
            raise ParameterError(f"{where}.valid_to", "is before valid_from")
        value = _number(entry["value"], f"{where}.value", high=1.0)
        unit, source = _text(entry, "unit", where), _text(entry, "source", where)
        evidence = period_evidence(entry, where)
        periods.append(FnrbPeriod(first, last, value, unit, source, **evidence))
    periods.sort(key=lambda p: p.valid_from)
    for before, after in zip(periods, periods[1:], strict=False):
        if after.valid_from <= before.valid_to:
            raise ParameterError(name, f"periods overlap on {after.valid_from}")
    return tuple(periods)


def _charcoal(table: dict[str, Any]) -> Charcoal:
    name = "charcoal"
    fields = ("mode", "wood_per_charcoal", "ncv_tj_per_t", "ef_tco2_per_tj", "unit", "source")
    _only(table, name, fields, ("mode", "source"))
    mode = table["mode"]
    if mode == "wood_equivalent":
        ratio = _number(table.get("wood_per_charcoal"), f"{name}.wood_per_charcoal")
        return Charcoal(mode, ratio, None, None, _text(table, "source", name))
    if mode == "direct_ef":
        ncv = _number(table.get("ncv_tj_per_t"), f"{name}.ncv_tj_per_t")
        ef = _number(table.get("ef_tco2_per_tj"), f"{name}.ef_tco2_per_tj")
        return Charcoal(mode, None, ncv, ef, _text(table, "source", name))
    raise ParameterError(f"{name}.mode", f"must be wood_equivalent or direct_ef, got {mode!r}")


def _kpt(table: dict[str, Any]) -> KptOptions:
    name = "kpt"
    fields = (
        "baseline_campaign", "project_campaign", "cap_kg_per_capita_year", "source",
        "limits_source", *KPT_LIMITS,
    )  # fmt: skip
    _only(table, name, fields, ("baseline_campaign", "project_campaign", "source"))
    limits = {key: table.get(key, default) for key, default in KPT_LIMITS.items()}
    ranges = {
        "min_households": (2, 100_000), "min_days": (1, 366), "max_baseline_age_years": (1, 5),
        "max_project_age_years": (1, 5),
    }  # fmt: skip
    for key, (low, high) in ranges.items():
        value = limits[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ParameterError(f"{name}.{key}", f"must be a whole number {low} to {high}")
    limits["max_kg_per_day"] = _number(limits["max_kg_per_day"], f"{name}.max_kg_per_day")
    changed = [key for key, default in KPT_LIMITS.items() if limits[key] != default]
    if changed and "limits_source" not in table:
        raise ParameterError(
            f"{name}.limits_source", f"is needed where a limit differs from its default: {changed}"
        )
    cap = table.get("cap_kg_per_capita_year")
    if cap is not None:
        cap = _number(cap, f"{name}.cap_kg_per_capita_year")
    return KptOptions(
        baseline_campaign=_text(table, "baseline_campaign", name),
        project_campaign=_text(table, "project_campaign", name),
        max_baseline_age_years=int(limits["max_baseline_age_years"]),
        cap_kg_per_capita_year=cap,
        source=_text(table, "source", name),
        min_households=int(limits["min_households"]),
        min_days=int(limits["min_days"]),
        max_kg_per_day=float(limits["max_kg_per_day"]),
        max_project_age_years=int(limits["max_project_age_years"]),
        limits_source=_text(table, "limits_source", name) if "limits_source" in table else None,
    )


def _cohorts(table: dict[str, Any]) -> CohortOptions:
    name = "cohorts"
    fields = ("usage_by_cohort", "commissioning", "source")
    _only(table, name, fields, ("usage_by_cohort", "source"))
    by_cohort = table["usage_by_cohort"]
    if not isinstance(by_cohort, bool):
        raise ParameterError(f"{name}.usage_by_cohort", "must be true or false")
    checks: dict[int, tuple[float, str]] = {}
    for year, entry in dict(table.get("commissioning", {})).items():
        where = f"{name}.commissioning.{year}"
        if not str(year).isdigit() or not isinstance(entry, dict):
            raise ParameterError(where, "must be a table named by installation year")
        _only(entry, where, ("share", "source"), ("share", "source"))
        checks[_year(int(year), where)] = (
            _share(entry["share"], f"{where}.share"),
            _text(entry, "source", where),
        )
    return CohortOptions(by_cohort, dict(sorted(checks.items())), _text(table, "source", name))


def _sensitivity(table: dict[str, Any]) -> tuple[tuple[str, tuple[float, ...]], ...]:
    name = "sensitivity"
    _only(table, name, (*SENSITIVITY_NAMES, "source"), ("source",))
    _text(table, "source", name)
    result = []
    for key in SENSITIVITY_NAMES:
        values = table.get(key, [])
        if not isinstance(values, list):
            raise ParameterError(f"{name}.{key}", "must be an array of values")
        high = 1.0 if key in ("fnrb", "eta_new", "eta_old") else math.inf
        if values:
            result.append((key, tuple(_number(v, f"{name}.{key}", high=high) for v in values)))
    return tuple(result)


def parse_options(data: dict[str, Any]) -> MethodOptions:
    """Check the methodology's own keys of a parsed parameters file (refused by name)."""
    methodology = data.get("methodology")
    if methodology not in METHODOLOGIES:
        known = ", ".join(repr(m) for m in METHODOLOGIES)
        raise ParameterError("methodology", f"{methodology!r} is not one of {known}")
    for key in REQUIRED[methodology]:
        if key not in data:
            raise ParameterError(key, f"missing key (methodology {methodology!r} needs it)")
    from core.mrv.evidence import integrity_options  # evidence uses this module's checks

    has = data.__contains__
    return MethodOptions(
        b_old_t_per_year=_parameter(data, "b_old_t_per_year") if has("b_old_t_per_year") else None,
        eta_new_by_model=_eta_new_by_model(data["eta_new_by_model"])
        if has("eta_new_by_model")
        else (),
        efficiency_decline=_efficiency_decline(_table(data, "efficiency_decline"))
        if has("efficiency_decline")
        else None,
        fnrb_periods=_fnrb_periods(data["fnrb_periods"]) if has("fnrb_periods") else (),
        ef_co2=_parameter(data, "ef_co2_tco2_per_tj") if has("ef_co2_tco2_per_tj") else None,
        ef_nonco2=_parameter(data, "ef_nonco2_tco2e_per_tj")
        if has("ef_nonco2_tco2e_per_tj")
        else None,
        charcoal=_charcoal(_table(data, "charcoal")) if has("charcoal") else None,
        kpt=_kpt(_table(data, "kpt")) if has("kpt") else None,
        cohorts=_cohorts(_table(data, "cohorts")) if has("cohorts") else None,
        sensitivity=_sensitivity(_table(data, "sensitivity")) if has("sensitivity") else (),
        sensitivity_source=_text(_table(data, "sensitivity"), "source", "sensitivity")
        if has("sensitivity")
        else "",
        **integrity_options(data),
    )
