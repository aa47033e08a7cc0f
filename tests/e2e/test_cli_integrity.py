"""Through the real commands: overlap claims excluded or discounted, dated fNRB refused past its
validity, the integrity section in every format, and the label an issuance records."""

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from sqlmodel import col, select
from test_cli_ledger import invoke

from core.models import LedgerAdjustment, LedgerChainEntry, LedgerIssuance
from gateway.wiring import Services

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "methods"
DEFAULTS = resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
HEADER = "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
HEADER += "baseline_stove,household_code"
OVERLAP_HEADER = "stove_code,household_code,activity,from,to,discount"
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]
K = 0.3 * 0.015 * 63.7 * 0.95  # fNRB x NCV x EF x LF
S = 0.0096 * (1 - 0.10 / 0.25)  # t of wood saved per stove-day
STOVE_DAYS = 40 * 365


def write(path: Path, header: str, rows: list[str]) -> str:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def run(services: Services, *args: str, code: int = 0):
    result = invoke(services, *args)
    assert result.exit_code == code, result.output
    return result


def programme(services: Services, tmp_path: Path) -> None:
    """40 stoves in 40 households installed 1 June 2024, all 40 visited in use in 2025 (U = 1)."""
    rows = [f"S{i:04d},Familia {i},,Ayaviri,,2024-06-01,,,open_fire,H{i:04d}" for i in range(40)]
    run(services, "households", "import", write(tmp_path / "h.csv", HEADER, rows))
    visits = [f"S{i:04d},2025-06-01,si,good,no,Equipo A" for i in range(40)]
    header = "stove_code,visited_on,in_use,condition,open_fire_in_use,surveyor"
    run(services, "visits", "import", write(tmp_path / "v.csv", header, visits))


def report(services: Services, *period: str) -> dict:
    return json.loads(run(services, "report", *period).stdout)


@pytest.fixture
def services(services_with: Callable[..., Services], tmp_path: Path) -> Services:
    built = services_with()
    programme(built, tmp_path)
    return built


def test_overlap_claims_exclude_or_discount_stove_days_once_and_are_counted(services, tmp_path):
    before = report(services, *YEAR)
    assert before["er_tco2e"] == pytest.approx(STOVE_DAYS * S * K, rel=1e-12)
    overlap = {c["name"]: c for c in before["integrity"]["conditions"]}["overlap"]
    assert overlap["result"] == "not_assessed"
    claims = write(
        tmp_path / "o.csv",
        OVERLAP_HEADER,
        [
            "S0000,,Cocinas MINEM,2024-01-01,2026-12-31,",  # excluded: 365 days of 2025
            ",H0001,Programa Juntos,2025-07-01,2025-12-31,0.5",  # half of 184 days
            "s-0001,,Otro programa,2025-10-01,2025-10-31,",  # 31 of them excluded instead
        ],
    )
    first = run(services, "overlap", "import", claims)
    assert "3 created, 0 updated, 0 unchanged, 0 errors" in first.stdout
    again = run(services, "overlap", "import", claims)
    assert "0 created, 0 updated, 3 unchanged, 0 errors" in again.stdout

    after = report(services, *YEAR)
    removed = 365 + 153 * 0.5 + 31
    assert after["overlap"] == {
        "last_imported_on": "2026-11-27",  # in Lima
        "claims": 3,
        "stoves": 2,
        "stove_days_excluded": 396,
        "stove_days_discounted": 153,
        "stove_days_removed": removed,
    }
    assert after["er_tco2e"] == pytest.approx((STOVE_DAYS - removed) * S * K, rel=1e-12)
    assert sum(d["er_tco2e"] for d in after["by_district"]) == after["er_tco2e"]
    overlap = {c["name"]: c for c in after["integrity"]["conditions"]}["overlap"]
    assert overlap["result"] == "pass"
    assert "3 claims on 2 stoves" in overlap["evidence"]


def test_a_claim_on_one_of_a_households_two_stoves_removes_its_weighted_stove_days(
    services, tmp_path
):
    # H0005 gets a second stove: on every day of 2025 each of its two stoves counts 1/2.
    second = "S0100,Familia 5,,Ayaviri,,2024-06-01,,,open_fire,H0005"
    run(services, "households", "import", write(tmp_path / "h2.csv", HEADER, [second]))
    claims = [
        "S0100,,Cocinas MINEM,2025-01-01,2025-03-31,",  # 90 days excluded, each 1/2: 45
        "S0100,,Programa Juntos,2025-07-01,2025-12-31,0.5",  # 184 days x 1/2 x 0.5: 46
    ]
    run(services, "overlap", "import", write(tmp_path / "o.csv", OVERLAP_HEADER, claims))
    figures = report(services, *YEAR)
    assert (figures["stove_days"], figures["stove_days_raw"]) == (STOVE_DAYS, STOVE_DAYS + 365)
    assert figures["households_with_several_stoves"]["stove_days_removed"] == 365
    assert {k: v for k, v in figures["overlap"].items() if k != "last_imported_on"} == {
        "claims": 2,
        "stoves": 1,
        "stove_days_excluded": 45,
        "stove_days_discounted": 92,
        "stove_days_removed": 91,
    }
    # Hand figure: 40 household-years less 91 stove-days (not 90 + 92 unweighted).
    assert figures["er_tco2e"] == pytest.approx((STOVE_DAYS - 91) * S * K, rel=1e-12)
    assert sum(c["stove_days"] for c in figures["cohorts"]) == STOVE_DAYS - 91


def test_overlap_import_reports_bad_rows_by_line_and_imports_the_rest(services, tmp_path):
    path = write(
        tmp_path / "o.csv",
        OVERLAP_HEADER,
        [
            "S0002,,A,2025-01-01,2025-03-31,0.25",
            "S9999,,A,2025-01-01,2025-03-31,",
            "S0003,H0003,A,2025-01-01,2025-03-31,",
            "S0004,,A,2025-03-31,2025-01-01,",
            "S0005,,A,2025-01-01,2025-03-31,1.5",
            "S0002,,A,2025-01-01,2025-06-30,",
            "S0006,,A,1900-01-01,2025-03-31,",
        ],
    )
    result = run(services, "overlap", "import", path, code=1)
    assert result.stderr.splitlines() == [
        "line 3: unknown stove_code S9999",
        "line 4: give stove_code or household_code, not both",
        "line 5: to 2025-01-01 is before from 2025-03-31",
        "line 6: discount 1.5 is not a share above 0 and at most 1",
        "line 7: the same target, activity and from as line 2",
        "line 8: from 1900-01-01 is before 2000-01-01, the earliest date accepted "
        "(PROGRAM_EARLIEST_DATE)",
    ]
    assert "1 created, 0 updated, 0 unchanged, 6 errors" in result.stdout
    # A list with refused rows is not a checked list: the condition still waits for one.
    overlap = {c["name"]: c for c in report(services, *YEAR)["integrity"]["conditions"]}
    assert overlap["overlap"]["result"] == "not_assessed"


def test_an_overlap_claim_on_an_issued_period_needs_an_adjustment(services, tmp_path):
    run(services, "overlap", "import", write(tmp_path / "none.csv", OVERLAP_HEADER, []))
    run(services, "ledger", "issue", *YEAR, "--by", "ana")
    late = write(
        tmp_path / "late.csv", OVERLAP_HEADER, ["S0007,,Cocinas MINEM,2025-11-01,2026-02-28,"]
    )
    refused = run(services, "overlap", "import", late, code=1)
    assert "falls in issued period 2025-01-01..2025-12-31" in refused.stderr
    admitted = run(services, "overlap", "import", late, "--adjustment", "MINEM list of November")
    assert "1 created" in admitted.stdout
    with services.uow() as uow:
        adjustment = uow.session.exec(select(LedgerAdjustment)).one()
    assert (adjustment.kind, adjustment.reason) == ("overlap", "MINEM list of November")
    assert adjustment.er_after - adjustment.er_before == pytest.approx(-61 * S * K, rel=1e-9)
    assert run(services, "ledger", "verify").exit_code == 0


def with_fnrb(**lines: str) -> str:
    """The packaged defaults with `[fnrb]` lines replaced or added."""
    text = DEFAULTS
    for key, value in lines.items():
        old = next(line for line in text.splitlines() if line.startswith(f"{key} = 2027"))
        text = text.replace(old, f"{key} = {value}")
    return text


def test_fnrb_past_its_valid_until_is_refused_unless_the_file_says_why(services_with, tmp_path):
    stale = tmp_path / "stale.toml"
    stale.write_text(with_fnrb(valid_until="2025-06-30"), encoding="utf-8")
    refused = invoke(services_with(QONCHA_PARAMETERS=str(stale)), "report", *YEAR)
    assert refused.exit_code != 0
    assert "fnrb.valid_until" in refused.stderr and "from 2025-07-01" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    explained = tmp_path / "explained.toml"
    reason = "the registry extended the CDM default to 2026"
    explained.write_text(
        with_fnrb(valid_until=f'2025-06-30\npast_valid_until_reason = "{reason}"'),
        encoding="utf-8",
    )
    figures = report(services_with(QONCHA_PARAMETERS=str(explained)), *YEAR)
    assert any(reason in note and "2025-07-01" in note for note in figures["notes"])
    fnrb = figures["integrity"]["conditions"][0]
    assert (fnrb["name"], fnrb["result"]) == ("fnrb", "fail")
    # The documented alternatives of the packaged file are in the sensitivity table.
    rows = {r["alternative"]: r for r in figures["sensitivity"] if r["parameter"] == "fnrb"}
    assert rows[0.04]["er_tco2e"] == pytest.approx(figures["er_tco2e"] * 0.04 / 0.3, rel=1e-9)
    assert "Peru" in rows[0.04]["source"] and "Latin America" in rows[0.32]["source"]


def kpt_rows() -> list[str]:
    """40 households weighed 3 days each: baseline in August 2024, project in March 2025."""
    rows = []
    for i in range(40):
        for day in (1, 2, 3):
            rows.append(
                f"KPT-2024-BASE,baseline,B{i:02d},2024-08-0{day},{9.6 + (i % 5 - 2) * 0.3},4"
            )
            rows.append(
                f"KPT-2025-PROJ,project,P{i:02d},2025-03-0{day},{5.0 + (i % 5 - 2) * 0.2},4"
            )
    return rows


def integrity_file(tmp_path: Path, example: str) -> str:
    """An example parameters file whose evidence meets every integrity condition."""
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    text = text.replace("[fnrb]\n", '[fnrb]\nbasis = "MoFuSS"\narea = "Puno"\nvintage = 2024\n', 1)
    text += '\n[transport_emissions]\nnegligible = true\nreason = "firewood gathered on foot"\n'
    path = tmp_path / example
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_issuance_records_ccp_only_under_an_approved_methodology(services_with, tmp_path):
    ams = services_with(QONCHA_PARAMETERS=integrity_file(tmp_path, "kpt.toml"))
    gold = services_with(QONCHA_PARAMETERS=integrity_file(tmp_path, "gold_standard.toml"))
    programme(ams, tmp_path)
    autumn = [f"S{i:04d},2025-09-01,si,good,no,Equipo A" for i in range(40)]
    visits = "stove_code,visited_on,in_use,condition,open_fire_in_use,surveyor"
    run(ams, "visits", "import", write(tmp_path / "v2.csv", visits, autumn))
    header = "campaign,phase,household,day,wood_kg,household_size"
    run(ams, "kpt", "import", write(tmp_path / "k.csv", header, kpt_rows()))
    run(ams, "overlap", "import", write(tmp_path / "none.csv", OVERLAP_HEADER, []))
    h1, h2 = (
        ["--from", "2025-01-01", "--to", "2025-06-30"],
        ["--from", "2025-07-01", "--to", "2025-12-31"],
    )
    for services, period in ((ams, h1), (gold, h2)):
        integrity = report(services, *period)["integrity"]
        assert [c["result"] for c in integrity["conditions"]] == ["pass"] * 7, integrity
        assert integrity["all_passed"] is True
    issued = run(ams, "ledger", "issue", *h1).stdout
    assert (
        "label: not CCP (methodology rejected 2025-03-07; every integrity condition passed: yes)"
        in issued
    )
    issued = run(gold, "ledger", "issue", *h2).stdout
    assert "label: CCP (methodology approved with conditions 2025-03-07" in issued
    with ams.uow() as uow:
        rows = uow.session.exec(select(LedgerIssuance).order_by(col(LedgerIssuance.id))).all()
        chained = uow.session.exec(
            select(LedgerChainEntry.content).where(LedgerChainEntry.kind == "issuance")
        ).all()
    assert [r.ccp_label for r in rows] == ["not CCP", "CCP"]
    first = json.loads(rows[0].integrity_json or "{}")
    assert (first["methodology_approved"], first["all_passed"]) == (False, True)
    assert '"ccp_label":"not CCP"' in chained[0] and '"ccp_label":"CCP"' in chained[1]
    assert run(ams, "ledger", "verify").exit_code == 0


def test_the_integrity_section_is_in_the_html_and_csv_reports(services):
    html = run(services, "report", *YEAR, "--format", "html").stdout
    assert "Integrity conditions (ICVCM Core Carbon Principles)" in html
    assert "<strong>rejected</strong>" in html
    csv_text = run(services, "report", *YEAR, "--format", "csv").stdout
    assert "integrity,,methodology_status.status,rejected" in csv_text
    assert "integrity,overlap,result,not_assessed" in csv_text
    assert "integrity,,all_passed,false" in csv_text
