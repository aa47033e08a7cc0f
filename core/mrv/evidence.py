"""The parameters file's integrity evidence: fNRB's basis and validity, the baseline's last
assessment and fuel-transport emissions (mrv.md, "Integrity conditions"), checked by name.

Read by `parse_options`; every value keeps its source so the report can show it as evidence.
"""

from datetime import date, datetime, timedelta
from typing import Any

from core.mrv.option_types import (
    BaselineAssessment,
    FnrbAlternative,
    FnrbEvidence,
    FnrbPeriod,
    TransportEmissions,
)
from core.mrv.options import _entries, _number, _only, _table, _text
from core.mrv.parameters import FNRB_EVIDENCE_KEYS, ParameterError

_DAY = timedelta(days=1)


def _optional_text(table: dict[str, Any], key: str, name: str) -> str | None:
    """A non-empty string when the key is given, else None."""
    return _text(table, key, name) if key in table else None


def _vintage(table: dict[str, Any], name: str) -> str | None:
    """The year (or text such as "2023 v2") the value was estimated for."""
    value = table.get("vintage")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(table, "vintage", name)


def _day(value: Any, name: str) -> date:
    """A TOML date (not a date-time), refused by name otherwise."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ParameterError(name, "must be a TOML date (YYYY-MM-DD)")
    return value


def period_evidence(entry: dict[str, Any], where: str) -> dict[str, str | None]:
    """The basis, area and vintage of one `[[fnrb_periods]]` value."""
    return {
        "basis": _optional_text(entry, "basis", where),
        "area": _optional_text(entry, "area", where),
        "vintage": _vintage(entry, where),
    }


def _fnrb_evidence(table: dict[str, Any]) -> FnrbEvidence | None:
    """The base fNRB's basis, area, vintage and validity, if the file states any."""
    name = "fnrb"
    if not any(key in table for key in FNRB_EVIDENCE_KEYS if key != "alternatives"):
        return None
    until = _day(table["valid_until"], f"{name}.valid_until") if "valid_until" in table else None
    reason = _optional_text(table, "past_valid_until_reason", name)
    if reason is not None and until is None:
        raise ParameterError(f"{name}.past_valid_until_reason", "needs fnrb.valid_until")
    return FnrbEvidence(
        basis=_optional_text(table, "basis", name),
        area=_optional_text(table, "area", name),
        vintage=_vintage(table, name),
        valid_until=until,
        past_valid_until_reason=reason,
    )


def _alternatives(entries: Any) -> tuple[FnrbAlternative, ...]:
    """Other documented fNRB values (`[[fnrb.alternatives]]`), each with basis and source."""
    result = []
    for where, entry in _entries(entries, "fnrb.alternatives"):
        fields = ("value", "basis", "area", "vintage", "source")
        _only(entry, where, fields, ("value", "basis", "source"))
        result.append(
            FnrbAlternative(
                value=_number(entry["value"], f"{where}.value", high=1.0),
                basis=_text(entry, "basis", where),
                area=_optional_text(entry, "area", where),
                vintage=_vintage(entry, where),
                source=_text(entry, "source", where),
            )
        )
    return tuple(result)


def _baseline(table: dict[str, Any]) -> BaselineAssessment:
    name = "baseline"
    _only(table, name, ("assessed_on", "source"), ("assessed_on", "source"))
    return BaselineAssessment(
        _day(table["assessed_on"], f"{name}.assessed_on"), _text(table, "source", name)
    )


def _transport(table: dict[str, Any]) -> TransportEmissions:
    """Either `negligible = true` with `reason`, or `tco2e_per_stove_year` with `source`."""
    name = "transport_emissions"
    _only(table, name, ("negligible", "reason", "tco2e_per_stove_year", "source"), ())
    negligible = table.get("negligible", False)
    if not isinstance(negligible, bool):
        raise ParameterError(f"{name}.negligible", "must be true or false")
    if negligible:
        if "tco2e_per_stove_year" in table:
            raise ParameterError(f"{name}.tco2e_per_stove_year", "not with negligible = true")
        return TransportEmissions(True, _text(table, "reason", name), None, None)
    if "tco2e_per_stove_year" not in table:
        raise ParameterError(
            name, "needs negligible = true with a reason, or tco2e_per_stove_year with a source"
        )
    value = table["tco2e_per_stove_year"]
    figure = 0.0 if value == 0 else _number(value, f"{name}.tco2e_per_stove_year")
    return TransportEmissions(False, None, figure, _text(table, "source", name))


def integrity_options(data: dict[str, Any]) -> dict[str, Any]:
    """The evidence fields of `MethodOptions` from a parsed parameters file."""
    fnrb = data.get("fnrb")
    fnrb = fnrb if isinstance(fnrb, dict) else {}
    return {
        "fnrb_evidence": _fnrb_evidence(fnrb),
        "fnrb_alternatives": _alternatives(fnrb["alternatives"]) if "alternatives" in fnrb else (),
        "baseline": _baseline(_table(data, "baseline")) if "baseline" in data else None,
        "transport": _transport(_table(data, "transport_emissions"))
        if "transport_emissions" in data
        else None,
    }


def base_fnrb_days_past(
    evidence: FnrbEvidence | None,
    periods: tuple[FnrbPeriod, ...],
    period_start: date,
    period_end: date,
) -> date | None:
    """The first day of the period after `[fnrb] valid_until` that no dated value covers."""
    if evidence is None or evidence.valid_until is None:
        return None
    cursor = max(evidence.valid_until + _DAY, period_start)
    for p in sorted(periods, key=lambda p: p.valid_from):
        if p.valid_from <= cursor <= p.valid_to:
            cursor = p.valid_to + _DAY
    return cursor if cursor <= period_end else None


def refuse_stale_fnrb(
    evidence: FnrbEvidence | None,
    periods: tuple[FnrbPeriod, ...],
    period_start: date,
    period_end: date,
) -> None:
    """Refuse crediting days after the base fNRB's valid_until, unless the file says why."""
    first = base_fnrb_days_past(evidence, periods, period_start, period_end)
    if first is None or evidence is None or evidence.past_valid_until_reason:
        return
    raise ParameterError(
        "fnrb.valid_until",
        f"the fNRB value is valid until {evidence.valid_until}, but the period credits days "
        f"from {first}: give a dated value for them ([[fnrb_periods]]) or state why it still "
        "applies (fnrb.past_valid_until_reason)",
    )
