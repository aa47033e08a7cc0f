"""Each methodology's worked example end to end through the CLI, from the files in examples/."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings

from gateway.cli import main
from gateway.wiring import build_services

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "methods"
PERIOD = ["--from", "2025-01-01", "--to", "2025-06-30"]
K_AMS = 0.015 * 63.7 * 0.95  # NCV x EF x LF
S_KPT_T = 3.813915 / 1000  # mrv.md, tolerance 1e-6 kg
OPERATING = 1200 * 0.88 * 181 + 2000 * 0.94 * 181 + 800 * 1.00 * 91  # 604,216 stove-days


@pytest.fixture
def qoncha(db_url: str) -> Iterator[Callable[..., Result]]:
    """Run `qoncha ARGS` with a parameters file (None: packaged defaults) on the test database."""
    built: list = []

    def invoke(*args: str, parameters: str | None = None) -> Result:
        extra = {"QONCHA_PARAMETERS": str(EXAMPLES / parameters)} if parameters else {}
        services = build_services(make_settings(db_url, **extra))
        built.append(services)
        return CliRunner().invoke(main, list(args), obj={"services": services})

    yield invoke
    for services in built:
        services.engine.dispose()


def load_example(qoncha: Callable[..., Result]) -> None:
    for command, name in (("households", "households.csv"), ("visits", "visits.csv"),
                          ("kpt", "kpt.csv")):  # fmt: skip
        result = qoncha(command, "import", str(EXAMPLES / name))
        assert result.exit_code == 0, result.output


def report(qoncha: Callable[..., Result], parameters: str, *extra: str) -> dict:
    result = qoncha("report", *PERIOD, *extra, parameters=parameters)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_methods_worked_example_from_the_example_files(qoncha):
    load_example(qoncha)
    again = qoncha("kpt", "import", str(EXAMPLES / "kpt.csv"))
    assert "0 created, 0 updated, 240 unchanged, 0 errors" in again.stdout

    kpt = report(qoncha, "kpt.toml")
    assert kpt["method"]["name"] == "CDM AMS-II.G (KPT)"
    assert kpt["method"]["kpt_savings_kg_per_stove_day"] == pytest.approx(3.813915, abs=1e-6)
    assert kpt["method"]["operating_stove_days"] == pytest.approx(604_216, abs=1e-6)
    assert kpt["wood_saved_t"] == pytest.approx(2304.4286, abs=1e-4)
    assert kpt["er_tco2e"] == pytest.approx(627.5362, abs=1e-4)
    assert kpt["er_issuable_tco2e"] == 627
    assert [(c["cohort"], c["stoves_installed"], c["stove_days"], c["operational_share"])
            for c in kpt["cohorts"]] == [
        (2022, 1200, 217_200, 0.88), (2023, 2000, 362_000, 0.94), (2025, 800, 72_800, 1.0)
    ]  # fmt: skip
    baseline, project = kpt["kpt_campaigns"]
    assert (baseline["applied_kg"], baseline["side"]) == (pytest.approx(9.6), "mean")
    assert project["precision"] == pytest.approx(0.1127, abs=1e-4)
    assert (project["applied_kg"], project["side"]) == (pytest.approx(5.786085, abs=1e-6),
                                                        "upper bound")  # fmt: skip
    assert sum(d["er_tco2e"] for d in kpt["by_district"]) == kpt["er_tco2e"]
    assert sum(c["er_tco2e"] for c in kpt["cohorts"]) == kpt["er_tco2e"]
    ef = next(row for row in kpt["sensitivity"] if row["parameter"] == "ef_tco2_per_tj")
    assert ef["er_tco2e"] == pytest.approx(kpt["er_tco2e"] * 81.6 / 63.7, rel=1e-9)
    assert kpt["households_served"] == 4000
    # By cohort, the usage credited is the cohorts' stove-day-weighted share, not U.
    assert kpt["method"]["usage_by_cohort"] is True
    assert kpt["method"]["usage_credited"] == pytest.approx(OPERATING / 652_000, rel=1e-12)
    assert [c["share_of_stove_days"] for c in kpt["cohorts"]] == pytest.approx(
        [217_200 / 652_000, 362_000 / 652_000, 72_800 / 652_000], rel=1e-12
    )
    assert kpt["verification"]["u_applied"] != pytest.approx(kpt["method"]["usage_credited"])

    ratio = report(qoncha, "efficiency_ratio.toml")
    # fNRB 0.3 for January to March (90 days), 0.25 from April (91); Inkawasi II at 0.30.
    s25, s30 = 0.0096 * (1 - 0.10 / 0.25), 0.0096 * (1 - 0.10 / 0.30)
    expected = K_AMS * (
        (1200 * 0.88 + 2000 * 0.94) * s25 * (90 * 0.3 + 91 * 0.25) + 800 * s30 * 91 * 0.25
    )
    assert ratio["er_tco2e"] == pytest.approx(expected, rel=1e-12)
    assert ratio["method"]["equation"] == "ER = Σ stove_days × U × S × fNRB × NCV × EF × LF"

    gold = report(qoncha, "gold_standard.toml")
    expected = OPERATING * S_KPT_T * 0.015 * (0.3 * 112.0 + 9.46) * 0.95
    assert gold["er_tco2e"] == pytest.approx(expected, abs=1e-3)
    assert gold["method"]["name"] == "GS TPDDTEC v4"

    html = qoncha("report", *PERIOD, "--format", "html", parameters="kpt.toml").stdout
    for text in ("CDM AMS-II.G (KPT)", "S = B_b,adj − P_p,adj", "KPT-2025-PROJ", "upper bound",
                 "Cohorts", "Sensitivity", "2,304.429"):  # fmt: skip
        assert text in html
    summary = html.index("<h2>Summary</h2>")
    headline = html[summary : html.index("<table>", summary)]
    assert "Usage credited (by cohort, stove-day-weighted)" in headline
    assert f"{OPERATING / 652_000 * 100:.1f} %" in headline
    assert "Usage rate U applied" not in headline
    csv_text = qoncha("report", *PERIOD, "--format", "csv", parameters="kpt.toml").stdout
    assert "cohorts,2022,operational_share,0.88" in csv_text
    assert "kpt_campaigns,KPT-2025-PROJ/project,side,upper bound" in csv_text

    # ICVCM: a baseline reassessed at least every 5 years before the period's end; this one
    # ended in August 2024. The report says why and credits no KPT savings (mrv.md).
    late = qoncha("report", "--from", "2029-09-01", "--to", "2029-12-31", parameters="kpt.toml")
    assert late.exit_code == 0, late.output
    figures = json.loads(late.stdout)
    assert (figures["er_tco2e"], figures["method"]["kpt_savings_kg_per_stove_day"]) == (0.0, 0.0)
    assert any("more than 5 years (max_baseline_age_years) before the period's end 2029-12-31"
               in note for note in figures["notes"])  # fmt: skip
    assert any("max_project_age_years" in note for note in figures["notes"])


def test_kpt_import_reports_bad_rows_by_line_and_imports_the_rest(qoncha, tmp_path: Path):
    path = tmp_path / "kpt.csv"
    path.write_text(
        "campaign,phase,stove_code,household,day,wood_kg,charcoal_kg,household_size\n"
        "K1,baseline,,H1,2024-08-01,9.5,0,5\n"
        "K1,during,,H2,2024-08-01,9.5,,5\n"
        "K1,project,TW-001,,2024-08-01,-1,0,5\n"
        "K1,project,,,2024-08-01,4,0,0\n"
        "K1,baseline,,H1,2024-08-01,9.0,0,5\n"
        "K1,project,tw001,,2024-08-02,4.5,0.5,5\n",
        encoding="utf-8",
    )
    result = qoncha("kpt", "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("line 3: phase is 'during'")
    assert lines[1].startswith("line 4: wood_kg -1 is not a weight")
    assert "stove_code and household are both empty" in lines[2] and "household_size" in lines[2]
    assert lines[3] == "line 6: the same campaign, phase, household and day as line 2"
    assert "2 created, 0 updated, 0 unchanged, 4 errors" in result.stdout
    path.write_text(
        "campaign,phase,household,day,wood_kg,household_size\nK1,baseline,H1,2024-08-01,9.25,5\n",
        encoding="utf-8",
    )
    assert "0 created, 1 updated, 0 unchanged" in qoncha("kpt", "import", str(path)).stdout
