"""The last day that may be credited: a dated parameter of the parameters file (`crediting_end`).

Switzerland's CO2 Ordinance (SR 641.711, Art. 8) ends crediting on 31 December 2030 at the
latest; the packaged file says so, and a programme whose agreement runs longer moves it in
its own file, with the source that allows it.
"""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.mrv.parameters import ParameterError, Parameters, packaged_text

KEY = "crediting_end"


@dataclass(frozen=True)
class CreditingEnd:
    """The last creditable day, with its unit, source and whether the file left it out."""

    value: date
    unit: str
    source: str
    defaulted: bool = False


def parse_crediting_end(data: dict[str, Any]) -> CreditingEnd:
    """Read `[crediting_end]` of a parsed parameters file, else the packaged value (defaulted)."""
    defaulted = KEY not in data
    table = tomllib.loads(packaged_text())[KEY] if defaulted else data[KEY]
    if not isinstance(table, dict) or set(table) != {"value", "unit", "source"}:
        raise ParameterError(KEY, "must be a table with exactly value, unit and source")
    value = table["value"]
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ParameterError(f"{KEY}.value", "must be a TOML date (YYYY-MM-DD)")
    for key in ("unit", "source"):
        if not isinstance(table[key], str) or not table[key].strip():
            raise ParameterError(f"{KEY}.{key}", "must be a non-empty string")
    return CreditingEnd(value, table["unit"], table["source"], defaulted)


def crediting_end_of(parameters: Parameters) -> CreditingEnd:
    """The crediting end of a loaded parameter set (its file text, else the packaged one)."""
    return parse_crediting_end(tomllib.loads(parameters.source_text or packaged_text()))
