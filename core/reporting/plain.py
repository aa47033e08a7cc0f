"""How every part of the report becomes JSON-ready values: one `as_dict()` for all."""

from dataclasses import fields, is_dataclass
from datetime import date
from fractions import Fraction
from typing import Any


def plain(value: Any) -> Any:
    """Turn report values into JSON-ready ones (dates as ISO text, tuples as lists)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def day_count(days: int | Fraction) -> int | float:
    """Stove-days as a JSON number: weighted ones may be fractions, whole ones stay integers."""
    return int(days) if days == int(days) else float(days)


class Plain:
    """Gives every report part the same `as_dict()`."""

    def as_dict(self) -> dict[str, Any]:
        """Give this part as JSON-ready values, keys in declaration order."""
        result: dict[str, Any] = plain(self)
        return result
