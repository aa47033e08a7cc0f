"""Through the real commands: mrv.md's worked example 4 (several stoves in one household) and
the KPT evidence guards (implausible weights, issued campaigns, unsafe stored values)."""

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from test_cli_frozen_periods import services, write  # noqa: F401 - the fixture, the helper
from test_cli_ledger import MOVED_AT, invoke

from core.models import KptMeasurement
from gateway.wiring import Services

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "methods"
HEADER = "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
HEADER += "baseline_stove,decommissioned_on,household_code"
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]
H1 = ["--from", "2025-01-01", "--to", "2025-06-30"]


@pytest.fixture
def kpt_services(services_with: Callable[..., Services]) -> Services:
    """The same, under the KPT worked example's parameters file."""
    built = services_with(QONCHA_PARAMETERS=str(EXAMPLES / "kpt.toml"))
    built.clock = lambda: MOVED_AT
    return built


def run(built: Services, *args: str) -> dict:
    result = invoke(built, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if args[0] == "report" else {}


def load_example(built: Services) -> None:
    """The methods example: 4,000 stoves, 200 visits, two KPT campaigns of 40 households."""
    for command, name in (("households", "households.csv"), ("visits", "visits.csv"),
                          ("kpt", "kpt.csv")):  # fmt: skip
        run(built, command, "import", str(EXAMPLES / name))


def example_4_rows() -> list[str]:
    """100 households of each shape A, B and C of mrv.md's worked example 4 (500 stoves)."""
    rows = []

    def stove(code: str, household: str, installed: str, gone: str = "") -> None:
        rows.append(f"{code},Familia {household},,Ayaviri,Umachiri,{installed},,,open_fire,"
                    f"{gone},{household}")  # fmt: skip

    for i in range(100):
        stove(f"A{i:03d}1", f"HA{i}", "2024-06-01")
        stove(f"B{i:03d}1", f"HB{i}", "2024-06-01")
        stove(f"B{i:03d}2", f"HB{i}", "2025-07-01")
        stove(f"C{i:03d}1", f"HC{i}", "2024-01-01")
        stove(f"C{i:03d}2", f"HC{i}", "2024-01-01")
        stove(f"C{i:03d}3", f"HC{i}", "2024-01-01", "2025-04-01")
    return rows


def test_worked_example_4_through_the_command_line(
    services: Services,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    households = write(tmp_path / "h.csv", HEADER, example_4_rows())
    run(services, "households", "import", households)
    visited = [f"A{i:03d}1,2025-05-15,si,good,no,Equipo A" for i in range(100)]
    header = "stove_code,visited_on,in_use,condition,open_fire_in_use,surveyor"
    run(services, "visits", "import", write(tmp_path / "v.csv", header, visited))

    figures = run(services, "report", *YEAR)
    assert figures["verification"]["u_applied"] == 1.0
    assert (figures["stove_days"], figures["stove_days_raw"]) == (109_500, 173_400)
    assert figures["households_with_several_stoves"] == {
        "households": 200, "stoves": 500, "stove_days_removed": 63_900,
    }  # fmt: skip
    assert figures["er_tco2e"] == pytest.approx(171.7560936, abs=1e-7)
    assert figures["er_issuable_tco2e"] == 171
    assert figures["stove_days_by_year"] == {"2025": 109_500}

    html = invoke(services, "report", *YEAR, "--format", "html").stdout
    assert "Households with several stoves" in html and "63,900" in html and "173,400" in html
    csv_text = invoke(services, "report", *YEAR, "--format", "csv").stdout
    assert "households_with_several_stoves,,stove_days_removed,63900" in csv_text
    assert "summary,,stove_days_raw,173400" in csv_text


def test_an_implausible_kpt_weight_is_refused_at_import_and_never_breaks_a_report(
    kpt_services: Services, tmp_path: Path
) -> None:
    """Regression: a wood_kg of 1e160 was accepted, then `report` and `ledger verify` crashed."""
    load_example(kpt_services)
    header = "campaign,phase,household,day,wood_kg,charcoal_kg,household_size"
    rows = ["KPT-2024-BASE,baseline,HH-B01,2024-08-15,1e160,0,4",
            "KPT-2024-BASE,baseline,HH-B01,2024-08-16,11.0,1100,4"]  # fmt: skip
    result = invoke(kpt_services, "kpt", "import", write(tmp_path / "k.csv", header, rows))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("line 2: wood_kg 1e160 is above max_kg_per_day 100 kg")
    assert lines[1].startswith("line 3: charcoal_kg 1100 is above max_kg_per_day 100 kg")

    issued = invoke(kpt_services, "ledger", "issue", *H1, "--by", "ana")
    assert issued.exit_code == 0, issued.output
    # A value stored before the guard existed refuses the campaign, with the reason.
    with kpt_services.uow() as uow:
        uow.session.add(KptMeasurement(campaign="KPT-2024-BASE", phase="baseline",
                                       household="HH-B01", day=date(2024, 8, 15), wood_kg=1e160,
                                       charcoal_kg=0, household_size=4,
                                       imported_at=MOVED_AT))  # fmt: skip
        uow.commit()
    figures = run(kpt_services, "report", *H1)
    assert figures["er_tco2e"] == 0.0
    assert any("1 weighed day(s) above max_kg_per_day 100 kg (first: HH-B01 on 2024-08-15)"
               in note for note in figures["notes"])  # fmt: skip
    # `ledger verify` names the changed evidence of the issued period instead of crashing.
    verify = invoke(kpt_services, "ledger", "verify")
    assert verify.exit_code == 1 and isinstance(verify.exception, SystemExit), verify.output
    assert "evidence changed after issuance without an adjustment" in verify.output


def test_kpt_rows_of_an_issued_campaign_need_an_adjustment(
    kpt_services: Services, tmp_path: Path
) -> None:
    load_example(kpt_services)
    issued = invoke(kpt_services, "ledger", "issue", *H1, "--by", "ana")
    assert issued.exit_code == 0, issued.output
    header = "campaign,phase,household,day,wood_kg,charcoal_kg,household_size"
    late = write(tmp_path / "k.csv", header, ["KPT-2024-BASE,baseline,HH-B41,2024-08-12,2.0,0,4"])
    refused = invoke(kpt_services, "kpt", "import", late)
    assert refused.exit_code == 1
    assert "falls in issued period 2025-01-01..2025-06-30" in refused.stderr
    assert "0 created" in refused.stdout
    # A campaign no issued period was credited from is not frozen.
    other = write(tmp_path / "o.csv", header, ["KPT-2026,baseline,HH-X,2024-08-12,2.0,0,4"])
    assert invoke(kpt_services, "kpt", "import", other).exit_code == 0

    admitted = invoke(kpt_services, "kpt", "import", late, "--adjustment", "late KPT sheet")
    assert admitted.exit_code == 0, admitted.output
    assert "1 created" in admitted.stdout
    verify = invoke(kpt_services, "ledger", "verify")
    assert verify.exit_code == 0, verify.output
    assert "late KPT sheet" in verify.stdout
