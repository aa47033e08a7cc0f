"""One methodology value with its unit and source, the error that refuses a doubtful one, and
the packaged defaults file.

Kept apart from the parameter set (`parameters`) so that the methodology options and the
crediting end, which the set is parsed with, can use them without importing the set.
"""

from dataclasses import dataclass
from importlib import resources


class ParameterError(ValueError):
    """Refuses a parameter file so that no report is ever computed from a doubtful value."""

    def __init__(self, key: str | None, message: str) -> None:
        self.key = key
        super().__init__(f"{key}: {message}" if key else message)


@dataclass(frozen=True)
class Parameter:
    """One methodology value kept together with its unit and source for the audit trail."""

    name: str
    value: float | int | bool
    unit: str
    source: str
    defaulted: bool = False  # not in the file: the packaged value of a key added later


def packaged_text() -> str:
    """The packaged defaults file, which also gives the values of keys added later."""
    return resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
