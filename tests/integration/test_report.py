"""The monitoring report computed from a seeded database, on SQLite and PostgreSQL."""

import math
from datetime import UTC, date, datetime

import pytest

from core.models import (
    Household,
    InboundMessage,
    RepairTicket,
    SampleDraw,
    SampleMember,
    Stove,
    UsageObservation,
    Visit,
)
from core.monitoring.report import compute_report
from core.mrv.parameters import load_parameters
from gateway.wiring import Services

PARAMS = load_parameters()
TZ = "America/Lima"
NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
FACTORS = 0.3 * 0.015 * 63.7 * 0.95  # fNRB x NCV x EF x LF
S_OPEN_FIRE = 0.0096 * (1 - 0.10 / 0.25)  # 0.00576 t per stove-day
S_TRADITIONAL = 0.0096 * (1 - 0.20 / 0.25)  # 0.00192
U_9_OF_10 = 0.6522813326641417  # Wilson lower bound of 9 of 10 (10 < n_min, so U = L)
TOP_KEYS = [
    "period_start", "period_end", "parameters", "stoves_installed", "stove_days",
    "stove_days_raw", "households_with_several_stoves", "verification", "self_report",
    "stacking_share", "savings_t_per_stove_day", "er_tco2e",
    "er_issuable_tco2e", "by_district", "evidence", "wood_saved_t", "households_served",
    "method", "cohorts", "kpt_campaigns", "sensitivity", "stove_days_by_year", "weekly", "notes",
    "stacking_treatment", "corrections", "correction_tco2e", "integrity", "overlap",
    "generated_with",
]  # fmt: skip
# code: (district, baseline, installed_on, decommissioned_on)
PROGRAMME = {
    **{f"A0{i}": ("Acomayo", "open_fire", date(2024, 1, 1), None) for i in range(1, 7)},
    "A07": ("Acomayo", "traditional_stove", date(2025, 7, 1), None),
    **{f"P0{i}": ("Pomacanchi", "open_fire", date(2024, 6, 1), None) for i in range(1, 5)},
    "P05": ("Pomacanchi", "open_fire", date(2023, 5, 1), date(2025, 3, 1)),
    "P06": ("Pomacanchi", "open_fire", date(2019, 3, 15), None),  # past its life in 2025
    "A08": ("Acomayo", "open_fire", date(2026, 3, 1), None),  # installed after the period
    "P07": ("Pomacanchi", "open_fire", date(2022, 1, 1), date(2024, 12, 1)),  # gone before it
}
VISITED = ["A01", "A02", "A03", "A04", "A05", "A06", "P01", "P02", "P03", "P04"]


def seed_stoves(services: Services) -> dict[str, int]:
    """Households with one stove each, as listed in PROGRAMME; returns stove ids by code."""
    ids = {}
    with services.uow() as uow:
        for code, (district, baseline, installed, gone) in PROGRAMME.items():
            household = Household(name=f"Hogar {code}", district=district)
            uow.session.add(household)
            uow.session.flush()
            stove = Stove(
                code=code,
                household_id=household.id,
                installed_on=installed,
                decommissioned_on=gone,
                baseline_stove=baseline,
            )
            uow.session.add(stove)
            uow.session.flush()
            ids[code] = stove.id
        uow.commit()
    return ids


def seed_visits(services: Services, ids: dict[str, int], rows: list[tuple]) -> None:
    """Visits as (code, visited_on, in_use, condition, open_fire_in_use)."""
    with services.uow() as uow:
        for code, day, in_use, condition, open_fire in rows:
            uow.session.add(
                Visit(
                    stove_id=ids[code],
                    visited_on=day,
                    in_use=in_use,
                    condition=condition,
                    open_fire_in_use=open_fire,
                    surveyor="Rosa",
                )
            )
        uow.commit()


def nine_of_ten(ids: dict[str, int]) -> list[tuple]:
    """The ten visited stoves, all in use but P04; A01 and A02 still light the old fire."""
    return [
        (code, date(2025, 6, 2), code != "P04", "good", code in ("A01", "A02")) for code in VISITED
    ]


def report(services: Services, start: date = YEAR[0], end: date = YEAR[1]):
    return compute_report(
        services.uow(), period_start=start, period_end=end, parameters=PARAMS, tz=TZ, now=NOW
    )


def test_the_report_carries_the_hand_worked_figures(services):
    ids = seed_stoves(services)
    seed_visits(services, ids, nine_of_ten(ids))
    result = report(services).as_dict()
    assert list(result) == TOP_KEYS
    # 13 stoves (not A08 nor P07); 6 x 365 + 184 (from 1 July) + 4 x 365 + 59 (gone 1 March)
    # + 0 (P06, past its life)
    assert (result["stoves_installed"], result["stove_days"]) == (13, 3893)
    assert result["stove_days_by_year"] == {"2025": 3893}
    v = result["verification"]
    assert (v["n"], v["in_use"], v["p"], v["passes_90_10"]) == (10, 9, 0.9, False)
    assert v["u_applied"] == pytest.approx(U_9_OF_10, rel=1e-12)
    assert (v["sample_source"], v["n_needed_90_10"]) == ("external", 52)
    districts = {d["district"]: d for d in result["by_district"]}
    assert districts["Acomayo"]["er_tco2e"] == pytest.approx(
        U_9_OF_10 * FACTORS * (2190 * S_OPEN_FIRE + 184 * S_TRADITIONAL), rel=1e-12
    )
    assert districts["Pomacanchi"]["er_tco2e"] == pytest.approx(
        U_9_OF_10 * FACTORS * 1519 * S_OPEN_FIRE, rel=1e-12
    )
    assert math.fsum(d["er_tco2e"] for d in result["by_district"]) == result["er_tco2e"]
    assert result["er_issuable_tco2e"] == 3  # 3.85756 tCO2e rounded down
    assert districts["Pomacanchi"]["verification"]["n"] == 4
    assert result["stacking_share"] == 0.2  # 2 of 10 visits saw the old fire


def test_without_visits_u_is_zero_and_the_report_says_why(services):
    seed_stoves(services)
    result = report(services)
    assert result.verification.u_applied == 0.0
    assert result.verification.reason == "no verification visits in the period"
    assert (result.er_tco2e, result.er_issuable_tco2e) == (0.0, 0)
    assert result.stove_days == 3893


def test_with_a_sample_in_force_only_sampled_stoves_count(services):
    ids = seed_stoves(services)
    seed_visits(services, ids, nine_of_ten(ids))
    with services.uow() as uow:
        draw = SampleDraw(
            period_start=YEAR[0], period_end=YEAR[1], seed=7, size=9, method="fixed", drawn_at=NOW
        )
        uow.session.add(draw)
        uow.session.flush()
        for rank, code in enumerate(VISITED[1:], start=1):  # A01 is not in the sample
            district = PROGRAMME[code][0]
            uow.session.add(
                SampleMember(draw_id=draw.id, stove_id=ids[code], district=district, rank=rank)
            )
        uow.commit()
    v = report(services).verification
    assert (v.sample_source, v.n, v.in_use, v.visits_outside_sample) == ("qoncha", 9, 8, 1)
    # A sample drawn for another period is not in force for this one.
    assert report(services, YEAR[0], date(2025, 6, 30)).verification.sample_source == "external"


def test_a_broken_stove_counts_as_not_in_use(services):
    ids = seed_stoves(services)
    rows = nine_of_ten(ids)
    rows[0] = ("A01", date(2025, 6, 2), True, "broken", False)  # found broken, ticked in use
    seed_visits(services, ids, rows)
    with services.uow() as uow:
        uow.session.add(
            RepairTicket(stove_id=ids["A02"], description="FALLA", opened_at=NOW.replace(2025, 12))
        )
        uow.session.add(  # repaired before the period ended: no effect
            RepairTicket(
                stove_id=ids["A03"],
                description="FALLA",
                status="closed",
                opened_at=NOW.replace(2025, 3),
                closed_at=NOW.replace(2025, 4),
            )
        )
        uow.commit()
    result = report(services)
    assert (result.verification.n, result.verification.in_use) == (10, 7)
    assert result.evidence.stoves_verified_broken == 2


def test_the_latest_visit_in_the_period_is_the_one_that_counts(services):
    ids = seed_stoves(services)
    seed_visits(
        services,
        ids,
        [
            ("A01", date(2025, 3, 1), False, "needs_repair", None),
            ("A01", date(2025, 10, 1), True, "good", None),
            ("A02", date(2025, 2, 1), True, "good", None),
            ("A02", date(2026, 1, 5), False, "removed", None),  # after the period
        ],
    )
    v = report(services).verification
    assert (v.n, v.in_use) == (2, 2)


def test_self_reported_use_comes_from_the_sms_in_force(services):
    ids = seed_stoves(services)
    seed_visits(services, ids, nine_of_ten(ids))
    sent = NOW.replace(2025, 3, 7)
    with services.uow() as uow:
        messages = []
        for n in range(4):
            message = InboundMessage(
                provider="android", provider_id=f"m{n}", sender="+51999", received_at=sent
            )
            uow.session.add(message)
            uow.session.flush()
            messages.append(message.id)
        rows = [  # (code, week, days_used, open_fire_days, message, superseded)
            ("A01", "2025-W10", 1, None, messages[0], True),  # corrected below
            ("A01", "2025-W10", 7, 2, messages[1], False),
            ("A01", "2025-W11", 0, 0, messages[2], False),
            ("P01", "2025-W10", 3, None, messages[3], False),
            ("P01", "2024-W52", 7, None, None, False),  # before the period
        ]
        for code, week, days, fire, message, superseded in rows:
            uow.session.add(
                UsageObservation(
                    stove_id=ids[code],
                    week=week,
                    days_used=days,
                    open_fire_days=fire,
                    source_message_id=message,
                    reported_at=sent,
                    superseded_at=sent if superseded else None,
                )
            )
        uow.commit()
    result = report(services)
    s = result.self_report
    assert s.households_reporting == 2
    # Stove-weeks in place: 6 x 52 + 26 (A07 from W27) + 4 x 52 + 9 (P05 until W09) + 52 (P06)
    assert s.response_rate == 3 / 607
    assert (s.mean_days_used, s.share_reporting_use) == (10 / 3, 2 / 3)
    assert s.stacking_share_sms == 0.5
    assert s.ratio_to_verified == pytest.approx((10 / 3 / 7) / 0.9, rel=1e-12)
    week10 = result.weekly[9]
    assert (week10.week, week10.households_reporting, week10.active_stoves) == ("2025-W10", 2, 11)
    assert (result.evidence.usage_messages, result.evidence.usage_observations) == (3, 3)
    assert {d.district: d.households_reporting for d in result.by_district} == {
        "Acomayo": 1,
        "Pomacanchi": 1,
    }


def test_the_same_database_gives_the_same_report_bit_for_bit(services):
    ids = seed_stoves(services)
    seed_visits(services, ids, nine_of_ten(ids))
    first, second = report(services), report(services)
    assert first.as_dict() == second.as_dict()
    assert first.digest == second.digest


def test_a_period_ending_before_it_starts_is_refused(services):
    with pytest.raises(ValueError, match="before it starts"):
        report(services, date(2025, 2, 1), date(2025, 1, 31))
