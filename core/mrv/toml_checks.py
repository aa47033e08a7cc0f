"""The checks every table of the parameters file goes through, each refusing a value by name.

Shared by the methodology options and their integrity evidence, below both.
"""

import math
from typing import Any

from core.mrv.parameter import ParameterError


def table_at(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A TOML table, refused by name when it is something else."""
    value = data[key]
    if not isinstance(value, dict):
        raise ParameterError(key, "must be a table")
    return value


def only_keys(
    table: dict[str, Any], name: str, allowed: tuple[str, ...], needed: tuple[str, ...]
) -> None:
    """Refuse unknown and missing fields of a table, naming them."""
    for key in table:
        if key not in allowed:
            raise ParameterError(f"{name}.{key}", "unknown key")
    for key in needed:
        if key not in table:
            raise ParameterError(f"{name}.{key}", "missing key")


def required_text(table: dict[str, Any], key: str, name: str) -> str:
    """A non-empty string, refused by name otherwise."""
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"{name}.{key}", "must be a non-empty string")
    return value


def bounded_number(value: Any, name: str, *, low: float = 0.0, high: float = math.inf) -> float:
    """A finite number in (low, high], refused by name otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(name, f"value must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or not low < number <= high:
        raise ParameterError(name, f"value {value} is outside ({low:g}, {high:g}]")
    return number


def array_entries(entries: Any, name: str) -> list[tuple[str, dict[str, Any]]]:
    """The tables of a `[[name]]` array, each with the name that refuses it (`name[i]`)."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ParameterError(name, f"must be an array of tables ([[{name}]])")
    return [(f"{name}[{i}]", entry) for i, entry in enumerate(entries)]
