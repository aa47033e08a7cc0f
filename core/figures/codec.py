"""Figures as JSON and back, by their declared types: dataclasses, tuples, dicts, dates.

The stored text marks what JSON loses — tuples, dicts (kept as pairs, so keys keep their
type), dates and times — so a decoded value equals the computed one, also under fields typed
`Any`; a shape that no longer matches the code (after an upgrade) raises FiguresShapeError
and the figures are computed afresh.
"""

import json
import types
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

PRIMITIVES = (bool, int, float, str)
T = TypeVar("T")


class FiguresShapeError(ValueError):
    """The stored text does not fit the type asked for."""


def to_json(value: Any) -> Any:
    """A JSON-ready form of the value, with tuples, dicts and dates marked as such."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return to_json(value.value)
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {"$dict": [[to_json(k), to_json(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"$tuple": [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, PRIMITIVES):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} among figures")


def untagged(data: Any) -> Any:
    """A value stored under `Any`: rebuilt from its marks alone."""
    if isinstance(data, list):
        return [untagged(d) for d in data]
    if isinstance(data, dict):
        if "$tuple" in data:
            return tuple(untagged(d) for d in data["$tuple"])
        if "$dict" in data:
            return {untagged(k): untagged(v) for k, v in data["$dict"]}
        if "$date" in data:
            return date.fromisoformat(data["$date"])
        if "$datetime" in data:
            return datetime.fromisoformat(data["$datetime"])
        raise FiguresShapeError("a dataclass stored under Any cannot be rebuilt")
    return data


def encode(value: Any) -> str:
    """The value as stored text."""
    return json.dumps(to_json(value), separators=(",", ":"))


def decode(kind: type[T], stored: str) -> T:
    """The value of type `kind` that `encode` stored (FiguresShapeError if it does not fit)."""
    try:
        result: T = from_json(kind, json.loads(stored))
    except (TypeError, KeyError, ValueError, AttributeError) as error:
        raise FiguresShapeError(str(error)) from error
    return result


@cache
def _field_types(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields to rebuild and their resolved types (resolving is slow: kept)."""
    hints = get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in fields(kind) if f.init)


def _union(hint: Any, data: Any) -> Any:
    options = [a for a in get_args(hint) if a is not type(None)]
    if data is None:
        if len(options) < len(get_args(hint)):
            return None
        raise FiguresShapeError("null where a value is required")
    for option in options:  # exact JSON types first: int | float keeps an int an int
        if option in PRIMITIVES and type(data) is option:
            return data
    for option in options:
        if option not in PRIMITIVES:
            try:
                return from_json(option, data)
            except (FiguresShapeError, TypeError, KeyError, ValueError):
                continue
    if float in options and type(data) is int:
        return float(data)
    raise FiguresShapeError(f"{data!r} fits none of {hint}")


def from_json(hint: Any, data: Any) -> Any:  # noqa: PLR0911 - one return per kind of type
    """Rebuild a value of the declared type `hint` from `to_json`'s form."""
    origin = get_origin(hint)
    if hint is Any:
        return untagged(data)
    if origin in (Union, types.UnionType):
        return _union(hint, data)
    if origin is tuple:
        args = get_args(hint)
        items = data["$tuple"]
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] in PRIMITIVES and all(type(d) is args[0] for d in items):
                return tuple(items)  # long runs of numbers: checked in one pass
            return tuple(from_json(args[0], d) for d in items)
        return tuple(from_json(a, d) for a, d in zip(args, items, strict=True))
    if origin is list:
        return [from_json(get_args(hint)[0], d) for d in data]
    if origin is dict:
        key, value = get_args(hint)
        return {from_json(key, k): from_json(value, v) for k, v in data["$dict"]}
    if isinstance(hint, type) and is_dataclass(hint):
        return hint(**{name: from_json(kind, data[name]) for name, kind in _field_types(hint)})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is datetime:
        return datetime.fromisoformat(data["$datetime"])
    if hint is date:
        return date.fromisoformat(data["$date"])
    if hint in PRIMITIVES:
        if hint is float and type(data) is int:
            return float(data)
        if type(data) is not hint:
            raise FiguresShapeError(f"{data!r} is not a {hint.__name__}")
        return data
    raise FiguresShapeError(f"no rule for {hint}")
