"""Methodology parameters: loaded from TOML, validated, and carried with unit and source."""

from __future__ import annotations

import json
import math
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from core.mrv.crediting import KEY as CREDITING_END
from core.mrv.crediting import CreditingEnd, parse_crediting_end
from core.mrv.evidence import FNRB_EVIDENCE_KEYS
from core.mrv.options import OPTION_KEYS, MethodOptions, parse_options
from core.mrv.parameter import Parameter, ParameterError, packaged_text
from core.reporting.wording.english import say

# Parameters whose value is a share: name -> (lower, upper, lower inclusive, upper inclusive).
_SHARES: dict[str, tuple[float, float, bool, bool]] = {
    "eta_old": (0.0, 1.0, True, True),
    "eta_old_traditional_stove": (0.0, 1.0, True, True),
    "eta_new": (0.0, 1.0, True, True),
    "fnrb": (0.0, 1.0, True, True),
    "leakage_factor": (0.0, 1.0, True, True),
    "confidence": (0.0, 1.0, False, False),
    "target_precision": (0.0, 1.0, False, False),
    # A sample cannot be sized for an expected usage of zero, so zero is refused.
    "expected_usage_rate": (0.0, 1.0, False, True),
    "sample_reserve": (0.0, 1.0, True, True),
}
_POSITIVE = ("b_old_kg_per_day", "ncv_tj_per_t", "ef_tco2_per_tj")
_INTEGERS = ("technical_life_years", "n_min")
_BOOLEANS = ("stacking_discount",)
_TABLE_KEYS = ("value", "unit", "source")
_EFFICIENCY_BY_BASELINE = {
    "open_fire": "eta_old",
    "traditional_stove": "eta_old_traditional_stove",
    "other": "eta_old_traditional_stove",
}
# Keys added after the first version of the file format (mrv.md): a file without them takes
# the packaged value and the report lists them as defaulted, so adding a parameter never
# breaks a deployment's file. Every other key must be in the file.
ADDED_KEYS = (
    "eta_old_traditional_stove",
    "expected_usage_rate",
    "sample_reserve",
    "n_min",
)
# Below this tested efficiency the programme's stove claim needs a second look.
_ETA_NEW_ADVISORY = 0.25


@dataclass(frozen=True)
class Parameters:
    """The full, validated parameter set a monitoring report is computed and printed from."""

    methodology: str
    methodology_version: str
    b_old_kg_per_day: Parameter
    eta_old: Parameter
    eta_old_traditional_stove: Parameter
    eta_new: Parameter
    fnrb: Parameter
    ncv_tj_per_t: Parameter
    ef_tco2_per_tj: Parameter
    leakage_factor: Parameter
    technical_life_years: Parameter
    confidence: Parameter
    target_precision: Parameter
    stacking_discount: Parameter
    expected_usage_rate: Parameter
    sample_reserve: Parameter
    n_min: Parameter
    # The methodology's own keys (core/mrv/options.py); None means the default method, no options.
    options: MethodOptions | None = None
    # The TOML text the set was read from: stored with an issuance, it gives back the options.
    source_text: str = field(default="", compare=False)

    def parameters(self) -> list[Parameter]:
        """List every parameter in file order so reports print them consistently."""
        return [getattr(self, name) for name in PARAMETER_NAMES]

    def as_report(self) -> dict[str, dict[str, Any]]:
        """Give the report's `parameters` block so a verifier sees what each figure rests on."""
        return {
            p.name: {
                "value": p.value,
                "unit": p.unit,
                "source": p.source,
                "version": self.methodology_version,
                "defaulted": p.defaulted,
            }
            for p in self.parameters()
        }

    def to_json(self) -> str:
        """The parameter set as JSON, stored with an issuance so its report can be recomputed."""
        document = {
            "methodology": self.methodology,
            "methodology_version": self.methodology_version,
            "parameters": self.as_report(),
        }
        if self.options is not None and self.source_text:
            document["source_toml"] = self.source_text
        return json.dumps(document, sort_keys=True, separators=(",", ":"))

    def defaulted(self) -> list[str]:
        """Name the keys the file left out, which carry the packaged value."""
        return [p.name for p in self.parameters() if p.defaulted]

    def check_baselines(self, baselines: Iterable[str]) -> None:
        """Refuse an eta_new not above the efficiency of a baseline actually credited.

        Checked where it is used, so a programme with no traditional stove is not refused
        for an eta_old_traditional_stove it never applies.
        """
        eta_new = float(self.eta_new.value)
        for name in sorted({_efficiency_key(b) for b in baselines}):
            eta_old = getattr(self, name).value
            if eta_new <= float(eta_old):
                raise ParameterError(
                    "eta_new",
                    f"value {eta_new} must exceed {name} {eta_old}, "
                    "the baseline of stoves in this period",
                )

    def eta_old_for(self, baseline_stove: str) -> float:
        """Pick the baseline efficiency matching what the household cooked on before."""
        return float(getattr(self, _efficiency_key(baseline_stove)).value)

    def advisories(self) -> list[str]:
        """List accepted-but-notable values a report should flag for the reader."""
        notes: list[str] = []
        if float(self.eta_new.value) < _ETA_NEW_ADVISORY:
            notes.append(say("note.eta_new_low", value=self.eta_new.value, limit=_ETA_NEW_ADVISORY))
        return notes


def _efficiency_key(baseline_stove: str) -> str:
    """The parameter holding the efficiency of this baseline stove."""
    name = _EFFICIENCY_BY_BASELINE.get(baseline_stove)
    if name is None:
        known = ", ".join(sorted(_EFFICIENCY_BY_BASELINE))
        raise ValueError(f"unknown baseline stove {baseline_stove!r} (known: {known})")
    return name


PARAMETER_NAMES: tuple[str, ...] = tuple(
    f.name
    for f in fields(Parameters)
    if f.name not in ("methodology", "methodology_version", "options", "source_text")
)


def _check_value(name: str, value: Any) -> float | int | bool:
    """Type- and range-check one value, naming the key when it is refused."""
    if name in _BOOLEANS:
        if not isinstance(value, bool):
            raise ParameterError(name, f"value must be a boolean, got {value!r}")
        return value
    if name in _INTEGERS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(
                name, f"value must be a whole number (TOML integer), got {value!r}"
            )
        if value <= 0:
            raise ParameterError(name, f"value must be positive, got {value}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(name, f"value must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ParameterError(name, f"value must be finite, got {value!r}")
    if name in _POSITIVE and number <= 0:
        raise ParameterError(name, f"value must be positive, got {value}")
    if name in _SHARES:
        low, high, low_in, high_in = _SHARES[name]
        above = number >= low if low_in else number > low
        below = number <= high if high_in else number < high
        if not (above and below):
            left, right = "[" if low_in else "(", "]" if high_in else ")"
            raise ParameterError(name, f"value {value} is outside {left}{low:g}, {high:g}{right}")
    return number


def _check_table(name: str, table: Any) -> Parameter:
    """Turn one `[name]` table into a Parameter, refusing missing or extra fields."""
    if not isinstance(table, dict):
        raise ParameterError(name, "must be a table with value, unit and source")
    for key in _TABLE_KEYS:
        if key not in table:
            raise ParameterError(name, f"table lacks {key!r} (needs value, unit and source)")
    allowed = (*_TABLE_KEYS, *FNRB_EVIDENCE_KEYS) if name == "fnrb" else _TABLE_KEYS
    for key in table:
        if key not in allowed:
            raise ParameterError(f"{name}.{key}", "unknown key in parameter table")
    for key in ("unit", "source"):
        if not isinstance(table[key], str) or not table[key].strip():
            raise ParameterError(f"{name}.{key}", "must be a non-empty string")
    return Parameter(name, _check_value(name, table["value"]), table["unit"], table["source"])


def _toml(text: str) -> dict[str, Any]:
    """Parse TOML, refusing invalid text with a ParameterError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(None, f"not valid TOML: {exc}") from exc


def parse_parameters(text: str) -> Parameters:
    """Validate a TOML parameter text so tests and callers need no file on disk."""
    data = _toml(text)
    expected = ("methodology", "methodology_version", *PARAMETER_NAMES)
    for key in data:
        if key not in expected and key not in OPTION_KEYS and key != CREDITING_END:
            raise ParameterError(key, "unknown key")
    parse_crediting_end(data)  # refused at load, like every other value
    missing = [key for key in expected if key not in data]
    for key in missing:
        if key not in ADDED_KEYS:
            raise ParameterError(key, "missing key (it has no default)")
    for key in ("methodology", "methodology_version"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise ParameterError(key, f"must be a non-empty string, got {data[key]!r}")
    packaged = _toml(packaged_text()) if missing else {}
    values = {
        name: _check_table(name, data[name])
        if name in data
        else replace(_check_table(name, packaged[name]), defaulted=True)
        for name in PARAMETER_NAMES
    }
    # Open fire is the baseline of mrv.md itself; other baselines are checked where used.
    if float(values["eta_new"].value) <= float(values["eta_old"].value):
        raise ParameterError(
            "eta_new",
            f"value {values['eta_new'].value} must exceed eta_old {values['eta_old'].value}",
        )
    return Parameters(
        methodology=data["methodology"],
        methodology_version=data["methodology_version"],
        **values,
        options=parse_options(data),
        source_text=text,
    )


def parameters_from_json(text: str) -> Parameters:
    """Rebuild the parameter set an issuance was computed with (see `Parameters.to_json`)."""
    document = json.loads(text)
    table = document["parameters"]
    source = document.get("source_toml")
    # The resolved values come from the JSON (defaults as they were at issuance); the
    # methodology's options from the file text stored beside them.
    options = parse_options(_toml(source)) if source else None
    return Parameters(
        methodology=document["methodology"],
        methodology_version=document["methodology_version"],
        **{
            name: Parameter(
                name,
                table[name]["value"],
                table[name]["unit"],
                table[name]["source"],
                bool(table[name].get("defaulted", False)),
            )
            for name in PARAMETER_NAMES
        },
        options=options,
        source_text=source or "",
    )


def load_parameters(path: str | os.PathLike[str] | None = None) -> Parameters:
    """Load a parameter file, or the packaged defaults, so no value is a constant in code."""
    text = packaged_text() if path is None else Path(path).read_text(encoding="utf-8")
    return parse_parameters(text)


def crediting_end_of(parameters: Parameters) -> CreditingEnd:
    """The crediting end of a loaded parameter set (its file text, else the packaged one)."""
    return parse_crediting_end(tomllib.loads(parameters.source_text or packaged_text()))
