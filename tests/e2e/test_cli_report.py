"""The real `qoncha report` command: JSON, CSV and HTML outputs, and its one-line errors."""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings

from core.models import Household, Stove, UsageObservation, Visit
from gateway.cli import main
from gateway.wiring import Services, build_services

MRV_KEYS = [
    "period_start", "period_end", "parameters", "stoves_installed", "stove_days",
    "stove_days_raw", "households_with_several_stoves", "verification", "self_report",
    "stacking_share", "savings_t_per_stove_day", "er_tco2e",
    "er_issuable_tco2e", "by_district", "evidence",
]  # fmt: skip
METHOD_KEYS = [
    "wood_saved_t", "households_served", "method", "cohorts", "kpt_campaigns", "sensitivity",
]  # fmt: skip
EXTRA_KEYS = [
    "stove_days_by_year", "weekly", "notes", "stacking_treatment", "corrections",
    "correction_tco2e", "integrity", "overlap", "generated_with",
]  # fmt: skip
VERIFICATION_KEYS = [
    "n", "in_use", "p", "half_width", "precision", "passes_90_10", "u_applied",
    "n_needed_90_10", "reason", "sample_source", "visits_outside_sample", "interval",
    "lower_bound", "upper_bound", "n_min", "sample",
]  # fmt: skip
SELF_REPORT_KEYS = [
    "households_reporting", "response_rate", "share_reporting_use", "mean_days_used",
    "ratio_to_verified", "stacking_share_sms",
]  # fmt: skip
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]


@pytest.fixture
def programme(services: Services) -> Services:
    """Two districts of ten stoves installed in 2024, all visited (nine in use), some SMS."""
    with services.uow() as uow:
        for n in range(10):
            household = Household(name=f"Hogar {n}", district="Acomayo" if n < 6 else "Yanaoca")
            uow.session.add(household)
            uow.session.flush()
            stove = Stove(
                code=f"TW-{n:03d}", household_id=household.id, installed_on=date(2024, 3, 1)
            )
            uow.session.add(stove)
            uow.session.flush()
            visited_on, in_use = date(2025, 5, 20), n != 9
            uow.session.add(
                Visit(stove_id=stove.id, visited_on=visited_on, in_use=in_use, condition="good")
            )
            for week in range(1, 53, 1 + n % 3):
                uow.session.add(
                    UsageObservation(
                        stove_id=stove.id,
                        week=f"2025-W{week:02d}",
                        days_used=(n + week) % 8,
                        reported_at=services.clock(),
                    )
                )
        uow.commit()
    return services


@pytest.fixture
def run(db_url: str) -> Iterator[Callable[..., Result]]:
    """Run `qoncha report ARGS` on services built from the test settings, as the CLI builds them."""
    built = build_services(make_settings(db_url))

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["report", *args], obj={"services": built})

    yield invoke
    built.engine.dispose()


def test_json_has_exactly_the_keys_of_mrv_md(run, programme):
    result = run(*YEAR)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == MRV_KEYS + METHOD_KEYS + EXTRA_KEYS
    assert list(report["verification"]) == VERIFICATION_KEYS
    assert list(report["self_report"]) == SELF_REPORT_KEYS
    assert (report["stoves_installed"], report["stove_days"]) == (10, 3650)
    assert (report["verification"]["n"], report["verification"]["in_use"]) == (10, 9)
    assert report["by_district"][0]["district"] == "Acomayo"
    assert sum(d["stove_days"] for d in report["by_district"]) == 3650
    assert report["parameters"]["fnrb"] == {
        "value": 0.3,
        "unit": "fraction",
        "source": "CDM default, accepted by ICVCM for a limited period",
        "version": "13.1",
        "defaulted": False,
    }
    assert re.fullmatch(r"[0-9a-f]{64}", report["generated_with"]["digest"])


def test_csv_carries_the_same_content_as_long_rows(run, programme, tmp_path: Path):
    out = tmp_path / "report.csv"
    result = run(*YEAR, "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["section", "item", "key", "value"]
    cells = {(s, i, k): v for s, i, k, v in rows[1:]}
    assert cells[("summary", "", "stove_days")] == "3650"
    assert cells[("verification", "", "p")] == "0.9"
    assert cells[("by_district", "Yanaoca", "stove_days")] == "1460"
    assert cells[("by_district", "Yanaoca", "verification.n")] == "4"
    assert cells[("parameters", "eta_new", "value")] == "0.25"
    assert cells[("weekly", "2025-W01", "households_reporting")] == "10"
    assert cells[("stove_days_by_year", "2025", "stove_days")] == "3650"
    as_json = json.loads(run(*YEAR).stdout)
    assert cells[("summary", "", "er_tco2e")] == repr(as_json["er_tco2e"])


def test_html_is_one_self_contained_page_with_inline_charts(run, programme):
    result = run(*YEAR, "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 2
    assert "http://" not in page and "https://" not in page
    assert "<link" not in page and "<script" not in page
    assert "@media print" in page
    assert "Monitoring report: 2025-01-01 to 2025-12-31" in page
    assert "Acomayo" in page and "13.1" in page
    assert run(*YEAR, "--format", "html").stdout == page  # reproducible, charts included


def test_html_of_an_empty_period_still_renders(run):
    result = run("--from", "2025-06-02", "--to", "2025-06-04", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "no week of the period" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-02-01", "--to", "2025-01-31"], "--to 2025-01-31 is before --from"),
        (["--from", "2025-02-30", "--to", "2025-03-31"], "--from '2025-02-30' is not a date"),
        (["--to", "2025-03-31"], "--from DATE is required"),
    ],
)
def test_a_bad_period_is_refused_in_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
