"""The monitoring report as one long CSV table (section, item, key, value) for spreadsheets.

Every value of the JSON appears once: `section` is the top-level key (scalars go to
`summary`), `item` names the row of a list or mapping (a district, a week, a parameter, a
vintage) and `key` the field, nested fields joined with dots (`verification.p`). A
verifier filters or pivots on the first three columns. Numbers keep full precision.
The table is the same in every language: its columns hold machine keys (stable English,
as in the JSON) and values, no human-readable labels; the HTML page is translated.
"""

import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from gateway.renderers.spreadsheet import SafeCsvWriter

HEADER = ("section", "item", "key", "value")
# Sections whose entries are named rows rather than fields.
_ROWS_BY_NAME = ("parameters",)
# Lists of rows, each named by its first field(s): the methodology's sections.
_LISTS = {"cohorts": ("cohort",), "kpt_campaigns": ("campaign", "phase"), "sensitivity": ()}


def cell(value: Any) -> Any:
    """Write a value as the JSON would: true/false, full-precision numbers, empty for null.

    Numbers stay numbers (the CSV writer prints floats in full, as `repr` does), so that only
    text is made spreadsheet-safe and a negative figure stays a figure.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fields(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Flatten nested mappings into dotted keys, in the report's own order."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _fields(inner, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, value


def rows(report: Mapping[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    """Yield the report as (section, item, key, value) rows, in report order."""
    for section, value in report.items():
        if section == "by_district":
            for district in value:
                name = district["district"]
                for key, inner in _fields({k: v for k, v in district.items() if k != "district"}):
                    yield section, name, key, cell(inner)
        elif section == "weekly":
            for week in value:
                for key, inner in _fields({k: v for k, v in week.items() if k != "week"}):
                    yield section, week["week"], key, cell(inner)
        elif section in _LISTS:
            for number, entry in enumerate(value, start=1):
                naming = _LISTS[section]
                item = "/".join(str(entry[k]) for k in naming) if naming else str(number)
                for key, inner in _fields({k: v for k, v in entry.items() if k not in naming}):
                    yield section, item, key, cell(inner)
        elif section == "integrity":
            for key, inner in _fields(value["methodology_status"], "methodology_status"):
                yield section, "", key, cell(inner)
            for condition in value["conditions"]:
                yield section, condition["name"], "result", condition["result"]
                yield section, condition["name"], "evidence", condition["evidence"]
            yield section, "", "all_passed", cell(value["all_passed"])
        elif section == "stove_days_by_year":
            for year, days in value.items():
                yield section, str(year), "stove_days", cell(days)
        elif section == "notes":
            for number, note in enumerate(value, start=1):
                yield section, str(number), "note", note
        elif section in _ROWS_BY_NAME:
            for name, table in value.items():
                for key, inner in _fields(table):
                    yield section, name, key, cell(inner)
        elif isinstance(value, Mapping):
            for key, inner in _fields(value):
                yield section, "", key, cell(inner)
        else:
            yield "summary", "", section, cell(value)


def render(report: Mapping[str, Any], lang: str = "en") -> str:
    """Serialise a report dict as CSV text with a header line (the same in every `lang`)."""
    del lang  # the renderers share one signature; the table is language-free
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(report))
    return buffer.getvalue()
