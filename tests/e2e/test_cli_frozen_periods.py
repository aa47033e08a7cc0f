"""Through the real commands: a thin sample is not full credit, issued periods are frozen,
adjustments are carried into the next issuance, and `ledger verify` names what changed."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from core.models import SampleMember, Stove, UsageObservation
from gateway.wiring import Services
from tests.e2e.test_cli_ledger import MOVED_AT, invoke

NOW = MOVED_AT  # 2026-09-15 16:30 UTC, where the services' clock stands still
HEADER = "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
HEADER += "baseline_stove"
VISIT_HEADER = "stove_code,visited_on,in_use,condition,open_fire_in_use,surveyor"
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]
H1_2026 = ["--from", "2026-01-01", "--to", "2026-06-30"]


@pytest.fixture
def services(services_with: Callable[..., Services]) -> Services:
    """Services on the test database whose clock stands still at NOW."""
    built = services_with()
    built.clock = lambda: NOW
    return built


def write(path: Path, header: str, rows: list[str]) -> str:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def stoves(services: Services, tmp_path: Path, count: int) -> None:
    """`count` open-fire stoves in one district, installed on 1 January 2025."""
    rows = [f"S{i:04d},Familia {i},,Ayaviri,Umachiri,2025-01-01,,,open_fire" for i in range(count)]
    result = invoke(services, "households", "import", write(tmp_path / "h.csv", HEADER, rows))
    assert result.exit_code == 0, result.output


def report(services: Services, *period: str) -> dict:
    result = invoke(services, "report", *period)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_two_visits_of_a_drawn_sample_of_a_thousand_stoves_are_not_full_credit(
    services: Services, tmp_path: Path
) -> None:
    stoves(services, tmp_path, 1000)
    drawn = invoke(services, "sample", "draw", *YEAR, "--size", "auto", "--seed", "7")
    assert drawn.exit_code == 0, drawn.output
    with services.uow() as uow:
        codes = uow.session.exec(
            select(Stove.code)
            .join(SampleMember, col(SampleMember.stove_id) == col(Stove.id))
            .where(col(SampleMember.is_reserve).is_(False))
            .order_by(col(SampleMember.rank))
            .limit(2)
        ).all()
    visits = [f"{code},2025-06-0{i + 1},si,good,no,rosa" for i, code in enumerate(codes)]
    imported = invoke(services, "visits", "import", write(tmp_path / "v.csv", VISIT_HEADER, visits))
    assert imported.exit_code == 0, imported.output

    figures = report(services, *YEAR)
    v = figures["verification"]
    assert (v["n"], v["in_use"], v["p"], v["passes_90_10"]) == (2, 2, 1.0, False)
    assert v["u_applied"] == pytest.approx(2 / (2 + 2.7055434540954106), rel=1e-12)  # 0.4250
    assert v["n_needed_90_10"] == 30 and v["n_min"] == 30 and v["interval"] == "Wilson score"
    assert v["sample"]["drawn"] == 86 and v["sample"]["visited"] == 2
    assert v["sample"]["not_visited"] == 84
    assert v["reason"].startswith("the sample is unfinished: 2 of 86 drawn stoves visited")
    full = 1000 * 365 * 0.00576 * 0.3 * 0.015 * 63.7 * 0.95
    assert figures["er_tco2e"] == pytest.approx(full * v["u_applied"], rel=1e-9)
    assert figures["er_tco2e"] < 0.43 * full
    assert figures["stacking_treatment"].startswith("stacking_discount = false:")


def test_an_issued_period_is_frozen_and_an_adjustment_is_carried_into_the_next(
    services: Services, tmp_path: Path
) -> None:
    stoves(services, tmp_path, 40)
    in_2025 = [f"S{i:04d},2025-06-10,si,good,no,rosa" for i in range(40)]
    in_2026 = [f"S{i:04d},2026-03-10,si,good,no,rosa" for i in range(40)]
    first = write(tmp_path / "v2025.csv", VISIT_HEADER, in_2025)
    assert invoke(services, "visits", "import", first).exit_code == 0
    assert invoke(services, "visits", "import", write(tmp_path / "v26.csv", VISIT_HEADER, in_2026))
    issued = invoke(services, "ledger", "issue", *YEAR, "--by", "ana")
    assert issued.exit_code == 0, issued.stderr
    frozen = report(services, *YEAR)
    # 40 x 365 stove-days x 0.0015685488 tCO2e at U = 1 (40 of 40, L = 0.9366: 90/10 passes).
    assert frozen["er_tco2e"] == pytest.approx(14600 * 0.00576 * 0.2723175, rel=1e-9)
    verified = invoke(services, "ledger", "verify")
    assert verified.exit_code == 0, verified.stdout
    assert verified.stdout.splitlines()[-1].startswith("hash chain: ")

    # A late visit finding a stove out of use in 2025 is refused; the issued report stands.
    late = write(tmp_path / "late.csv", VISIT_HEADER, ["S0003,2025-11-20,no,good,no,luis"])
    refused = invoke(services, "visits", "import", late)
    assert refused.exit_code == 1
    assert refused.stderr == (
        "line 2: visit of S0003 on 2025-11-20 (created) falls in issued period "
        "2025-01-01..2025-12-31 (issuance 1), whose figures are frozen; to record it as a "
        'post-issuance adjustment, run again with --adjustment "reason"\n'
    )
    assert report(services, *YEAR)["generated_with"]["digest"] == frozen["generated_with"]["digest"]
    # Re-importing what was already imported changes nothing, so it is not refused.
    assert invoke(services, "visits", "import", first).exit_code == 0
    # So is a new stove that would have added stove-days to 2025; a phone-less name fix is not.
    new_stove = write(
        tmp_path / "new.csv", HEADER, ["N0001,Familia N,,Ayaviri,Umachiri,2025-05-01,,,open_fire"]
    )
    refused = invoke(services, "households", "import", new_stove)
    assert refused.exit_code == 1 and "new stove N0001 installed on 2025-05-01" in refused.stderr
    renamed = write(
        tmp_path / "rename.csv",
        HEADER,
        ["S0001,Familia Uno,,Ayaviri,Umachiri,2025-01-01,,,open_fire"],
    )
    assert invoke(services, "households", "import", renamed).exit_code == 0
    # An SMS for a week of 2025 stored after the issuance does not change its report either.
    with services.uow() as uow:
        stove = uow.session.exec(select(Stove).where(Stove.code == "S0005")).one()
        uow.session.add(
            UsageObservation(stove_id=stove.id, week="2025-W30", days_used=7, reported_at=NOW)
        )
        uow.commit()
    assert report(services, *YEAR)["generated_with"]["digest"] == frozen["generated_with"]["digest"]

    adjusted = invoke(
        services, "visits", "import", late, "--adjustment", "survey uploaded late", "--by", "rosa"
    )
    assert adjusted.exit_code == 0, adjusted.stderr
    after = report(services, *YEAR)
    change = after["er_tco2e"] - frozen["er_tco2e"]
    assert change < 0  # 39 of 40 in use: U = 0.975
    verified = invoke(services, "ledger", "verify")
    assert verified.exit_code == 0, verified.stdout
    assert verified.stdout.splitlines()[0].startswith(
        "period 2025-01-01..2025-12-31 (issuance 1): adjustment 1 on 2026-09-15 by rosa "
        "(visits: survey uploaded late): ER 22.9008 -> 22.3283 tCO2e (-0.5725)"
    )

    # The next period carries the reduction, and its report says why.
    nxt = report(services, *H1_2026)
    assert nxt["correction_tco2e"] == pytest.approx(change, rel=1e-12)
    assert [c["adjustment_id"] for c in nxt["corrections"]] == [1]
    assert nxt["er_issuable_tco2e"] == int(nxt["er_tco2e"] + change)  # 11.36 - 0.57 -> 10
    assert nxt["er_issuable_tco2e"] < int(nxt["er_tco2e"])
    assert any("adjustment 1 of issued period" in note for note in nxt["notes"])
    second = invoke(services, "ledger", "issue", *H1_2026, "--by", "ana")
    assert second.exit_code == 0, second.stderr
    assert f"{nxt['er_issuable_tco2e']} ITMOs" in second.stdout
    # Once carried, a correction is not carried again.
    assert report(services, "--from", "2026-07-01", "--to", "2026-07-31")["corrections"] == []
    assert invoke(services, "ledger", "verify").exit_code == 0

    # Evidence edited behind qoncha's back is named by verify, with the period.
    with services.engine.begin() as conn:
        conn.execute(text("UPDATE visits SET in_use = false WHERE visited_on = '2025-06-10'"))
    broken = invoke(services, "ledger", "verify")
    assert broken.exit_code == 1
    assert any(
        line.startswith("period 2025-01-01..2025-12-31 (issuance 1): its report recomputed")
        and line.endswith("evidence changed after issuance without an adjustment")
        for line in broken.stdout.splitlines()
    ), broken.stdout


def test_a_reserve_counts_only_for_a_stove_recorded_not_found_in_drawn_order(
    services: Services, tmp_path: Path
) -> None:
    stoves(services, tmp_path, 100)
    assert invoke(services, "sample", "draw", *YEAR, "--seed", "3").exit_code == 0
    with services.uow() as uow:
        drawn = uow.session.exec(
            select(Stove.code, SampleMember.is_reserve)
            .join(SampleMember, col(SampleMember.stove_id) == col(Stove.id))
            .order_by(col(SampleMember.rank))
        ).all()
    main = [code for code, reserve in drawn if not reserve]
    reserve = [code for code, reserve in drawn if reserve]
    assert (len(main), len(reserve)) == (86, 9)
    rows = [
        f"{main[0]},2025-06-01,,,,rosa,,,,no,nadie en casa",
        f"{main[1]},2025-06-01,si,good,no,rosa,,,,,",
        f"{main[2]},2025-06-01,si,good,no,rosa,,,,,",
        f"{reserve[1]},2025-06-02,si,good,no,rosa,,,,,",  # second reserve: not its turn
        f"{reserve[0]},2025-06-02,no,good,no,rosa,,,,,",
    ]
    header = VISIT_HEADER + ",latitude,longitude,notes,found,not_found_reason"
    imported = invoke(services, "visits", "import", write(tmp_path / "v.csv", header, rows))
    assert imported.exit_code == 0, imported.output
    v = report(services, *YEAR)["verification"]
    assert (v["n"], v["in_use"]) == (3, 2)  # main 2 and 3, and the first reserve (not in use)
    assert v["sample"] == {
        "drawn": 86,
        "reserve_drawn": 9,
        "visited": 3,
        "not_found": 1,
        "replaced": 1,
        "reserves_called": 1,
        "not_visited": 83,
        "not_found_unreplaced": 0,
        "reserve_visits_ignored": 1,
    }


def test_the_sample_of_an_issued_period_cannot_be_redrawn(
    services: Services, tmp_path: Path
) -> None:
    stoves(services, tmp_path, 40)
    assert invoke(services, "sample", "draw", *YEAR, "--seed", "1").exit_code == 0
    visits = [f"S{i:04d},2025-06-10,si,good,no,rosa" for i in range(40)]
    assert invoke(services, "visits", "import", write(tmp_path / "v.csv", VISIT_HEADER, visits))
    assert invoke(services, "ledger", "issue", *YEAR).exit_code == 0
    redrawn = invoke(services, "sample", "draw", *YEAR, "--seed", "2", "--replace")
    assert redrawn.exit_code == 1
    assert "was issued (issuance 1); its sample is frozen" in redrawn.stderr
    assert invoke(services, "ledger", "verify").exit_code == 0
