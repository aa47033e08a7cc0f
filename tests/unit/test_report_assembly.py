"""The monitoring report's pure parts: weeks, the verified sample and the assembly of figures."""

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.mrv.calc import end_of_life
from core.mrv.parameters import Parameter, load_parameters
from core.reporting.assembly import assemble_report, content_digest
from core.reporting.inputs import ReportInputs, StoveGroup, UsageCounts
from core.reporting.sample_rule import SampleSlot
from core.reporting.verification import VisitRow, programme_verification, verified_sample
from core.reporting.weeks import active_week_range, earliest_install_in_life, weeks_of_period

PARAMS = load_parameters()
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2026, 2, 1)
# 0.3 fNRB x 0.015 TJ/t x 63.7 tCO2/TJ x 0.95 leakage factor
FACTORS = 0.3 * 0.015 * 63.7 * 0.95
S_OPEN_FIRE = 0.0096 * (1 - 0.10 / 0.25)  # 0.00576 t wood per stove-day
S_TRADITIONAL = 0.0096 * (1 - 0.20 / 0.25)  # 0.00192
# Wilson, z^2 = 2.7055435: centre = (9 + 1.3527717) / 12.7055435 = 0.8148123, spread =
# 1.6448536 * 3.1622777 / 12.7055435 * sqrt(0.09 + 0.0067639) = 0.4093897 * 0.3110690.
U_9_OF_10 = 0.6522813326641417  # the lower bound; 10 stoves are fewer than n_min = 30


def visit(stove_id: int, district: str = "Acomayo", *, in_use: bool = True, **extra) -> VisitRow:
    """A visit in mid-2025 unless told otherwise."""
    values = {
        "visited_on": date(2025, 6, 1),
        "visit_id": stove_id,
        "condition": "good",
        "open_fire_in_use": False,
    }
    values.update(extra)
    return VisitRow(stove_id=stove_id, district=district, in_use=in_use, **values)


def inputs(**overrides) -> ReportInputs:
    """A 2025 report's aggregates: empty unless told otherwise."""
    values = {
        "period_start": YEAR[0],
        "period_end": YEAR[1],
        "weeks": tuple(weeks_of_period(*YEAR)),
        "stove_groups": (),
        "usage": tuple(UsageCounts(w.label) for w in weeks_of_period(*YEAR)),
        "visits": (),
        "open_ticket_stoves": frozenset(),
        "sample": None,
    }
    values.update(overrides)
    return ReportInputs(**values)


def two_districts() -> tuple[StoveGroup, ...]:
    """Acomayo: 6 open fires all year, 1 traditional stove from 1 July; Pomacanchi: 4 open fires
    all year, 1 decommissioned on 1 March, 1 past its technical life."""
    return (
        StoveGroup("Acomayo", "open_fire", date(2024, 1, 1), None, 6),
        StoveGroup("Acomayo", "traditional_stove", date(2025, 7, 1), None, 1),
        StoveGroup("Pomacanchi", "open_fire", date(2024, 6, 1), None, 4),
        StoveGroup("Pomacanchi", "open_fire", date(2023, 5, 1), date(2025, 3, 1), 1),
        StoveGroup("Pomacanchi", "open_fire", date(2019, 3, 15), None, 1),
    )


def ten_visits_nine_in_use() -> tuple[VisitRow, ...]:
    return tuple(
        visit(i, "Acomayo" if i <= 6 else "Pomacanchi", in_use=i != 10) for i in range(1, 11)
    )


def test_a_calendar_year_covers_the_weeks_of_its_iso_year():
    weeks = weeks_of_period(*YEAR)
    assert [weeks[0].label, weeks[-1].label, len(weeks)] == ["2025-W01", "2025-W52", 52]
    assert weeks[0].monday == date(2024, 12, 30)  # 2025-W01 starts in 2024
    # 2026 starts on a Thursday, so its ISO year has 53 weeks.
    assert len(weeks_of_period(date(2026, 1, 1), date(2026, 12, 31))) == 53


def test_a_period_without_a_thursday_has_no_week():
    assert weeks_of_period(date(2025, 6, 2), date(2025, 6, 4)) == []  # Monday to Wednesday


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        weeks_of_period(date(2025, 2, 1), date(2025, 1, 1))


def test_a_stove_is_in_place_from_its_installation_week_to_the_week_before_it_goes():
    weeks = weeks_of_period(*YEAR)
    # Installed Tuesday 1 July 2025 (in W27); decommissioned Saturday 1 March (in W09).
    assert active_week_range(weeks, installed_on=date(2025, 7, 1), decommissioned_on=None) == (
        range(26, 52)
    )
    assert active_week_range(
        weeks, installed_on=date(2023, 5, 1), decommissioned_on=date(2025, 3, 1)
    ) == range(0, 9)
    assert not active_week_range(
        weeks, installed_on=date(2023, 5, 1), decommissioned_on=date(2024, 12, 30)
    )


@settings(database=None, deadline=None, max_examples=200)
@given(day=st.dates(date(2001, 1, 1), date(2090, 12, 31)), life=st.integers(1, 10))
def test_earliest_install_in_life_is_the_edge_of_end_of_life(day, life):
    first = earliest_install_in_life(day, life)
    assert end_of_life(first, life) >= day
    assert end_of_life(first - timedelta(days=1), life) < day


def test_only_the_latest_visit_of_each_stove_counts():
    sample = verified_sample(
        [
            visit(1, in_use=False, visited_on=date(2025, 3, 1), visit_id=7),
            visit(1, in_use=True, visited_on=date(2025, 10, 1), visit_id=3),
            visit(2, in_use=False),
        ],
        sample=None,
        open_ticket_stoves=frozenset(),
    )
    assert [(s.stove_id, s.in_use) for s in sample.stoves] == [(1, True), (2, False)]
    assert (sample.visits_in_period, sample.stoves_visited, sample.source) == (3, 2, "external")


def test_a_drawn_sample_keeps_only_sampled_stoves_and_reports_the_other_visits_apart():
    sample = verified_sample(
        [visit(1), visit(2), visit(3, "Pomacanchi")],
        sample=(SampleSlot(1, "Acomayo", 1, False), SampleSlot(2, "Acomayo", 2, False)),
        open_ticket_stoves=frozenset(),
    )
    assert [s.stove_id for s in sample.stoves] == [1, 2]
    assert (sample.source, sample.visits_outside_sample) == ("qoncha", 1)
    assert sample.outside_by_district == {"Pomacanchi": 1}


def test_a_broken_or_ticketed_stove_counts_as_not_in_use():
    sample = verified_sample(
        [visit(1, condition="broken"), visit(2, condition="removed"), visit(3), visit(4)],
        sample=None,
        open_ticket_stoves=frozenset({3}),
    )
    assert [(s.stove_id, s.in_use, s.broken) for s in sample.stoves] == [
        (1, False, True),
        (2, False, True),
        (3, False, True),
        (4, True, False),
    ]


def test_nine_of_ten_in_use_misses_90_10_so_the_lower_bound_is_applied():
    sample = verified_sample(ten_visits_nine_in_use(), sample=None, open_ticket_stoves=frozenset())
    result = programme_verification(sample, params=PARAMS, stacking=0.0)
    assert (result.n, result.in_use, result.p) == (10, 9, 0.9)
    # p - L = 0.9 - 0.6522813 = 0.2477187; precision = 0.2477187 / 0.9 = 0.2752430
    assert result.half_width == pytest.approx(0.9 - U_9_OF_10, rel=1e-12)
    assert result.precision == pytest.approx(0.27524296370650925, rel=1e-12)
    assert result.lower_bound == U_9_OF_10 and result.interval == "Wilson score"
    assert not result.passes_90_10
    assert result.u_applied == pytest.approx(U_9_OF_10, rel=1e-12)
    assert result.n_needed_90_10 == 52


def test_the_stacking_discount_applies_only_when_the_parameters_say_so():
    sample = verified_sample(ten_visits_nine_in_use(), sample=None, open_ticket_stoves=frozenset())
    discounting = replace(
        PARAMS, stacking_discount=Parameter("stacking_discount", True, "boolean", "test")
    )
    plain = programme_verification(sample, params=PARAMS, stacking=0.25)
    discounted = programme_verification(sample, params=discounting, stacking=0.25)
    assert plain.u_applied == pytest.approx(U_9_OF_10, rel=1e-12)
    assert discounted.u_applied == pytest.approx(U_9_OF_10 * 0.75, rel=1e-12)
    assert "stacking share 0.25" in discounted.reason


def test_the_report_holds_the_hand_worked_figures_of_two_districts():
    report = assemble_report(
        inputs(stove_groups=two_districts(), visits=ten_visits_nine_in_use()),
        params=PARAMS,
        today=TODAY,
    )
    # 6 x 365 + 184 (from 1 July) + 4 x 365 + 59 (Jan-Feb, gone 1 March) + 0 (past its life)
    assert (report.stoves_installed, report.stove_days) == (13, 3893)
    assert report.stove_days_by_year == {2025: 3893}
    acomayo = U_9_OF_10 * FACTORS * (2190 * S_OPEN_FIRE + 184 * S_TRADITIONAL)
    pomacanchi = U_9_OF_10 * FACTORS * (1519 * S_OPEN_FIRE)
    districts = {d.district: d for d in report.by_district}
    assert districts["Acomayo"].er_tco2e == pytest.approx(acomayo, rel=1e-12)
    assert districts["Pomacanchi"].er_tco2e == pytest.approx(pomacanchi, rel=1e-12)
    assert math.fsum(d.er_tco2e for d in report.by_district) == report.er_tco2e
    # 0.716689 U x 0.2723175 (fNRB NCV EF LF) x 21.71712 t (stove-days x S) = 4.23846 tCO2e
    assert report.er_tco2e == pytest.approx(3.85756, abs=1e-5)
    assert report.er_issuable_tco2e == 3
    assert report.savings_t_per_stove_day == pytest.approx(
        (3709 * S_OPEN_FIRE + 184 * S_TRADITIONAL) / 3893, rel=1e-12
    )
    assert districts["Acomayo"].verification.u_applied == report.verification.u_applied


def test_an_empty_programme_gives_a_labelled_report_of_zeros():
    report = assemble_report(inputs(), params=PARAMS, today=TODAY)
    assert (report.stoves_installed, report.stove_days, report.er_tco2e) == (0, 0, 0.0)
    assert report.er_issuable_tco2e == 0
    assert report.verification.u_applied == 0.0
    assert report.verification.reason == "no verification visits in the period"
    assert report.self_report.response_rate is None
    assert any("all figures are zero" in note for note in report.notes)


def test_self_reported_figures_come_from_the_weekly_sums():
    weeks = weeks_of_period(*YEAR)
    usage = [UsageCounts(w.label) for w in weeks]
    # W10: 3 stoves answered 7, 0 and 3 days, one FOGON 2; W11: nothing.
    usage[9] = UsageCounts(weeks[9].label, 3, 3, 10, 2, 2, 1, 3)
    report = assemble_report(
        inputs(
            stove_groups=(StoveGroup("Acomayo", "open_fire", date(2024, 1, 1), None, 4, 3),),
            usage=tuple(usage),
            visits=ten_visits_nine_in_use(),
        ),
        params=PARAMS,
        today=TODAY,
    )
    s = report.self_report
    assert s.households_reporting == 3
    assert s.response_rate == 3 / (4 * 52)
    assert (s.mean_days_used, s.share_reporting_use) == (10 / 3, 2 / 3)
    assert s.ratio_to_verified == pytest.approx((10 / 3 / 7) / 0.9, rel=1e-12)
    assert s.stacking_share_sms == 0.5
    assert report.weekly[9].response_rate == 3 / 4
    assert report.weekly[10].mean_days_used is None
    assert report.evidence.usage_messages == 3


def test_the_digest_is_stable_and_follows_the_content():
    first = assemble_report(inputs(stove_groups=two_districts()), params=PARAMS, today=TODAY)
    again = assemble_report(inputs(stove_groups=two_districts()), params=PARAMS, today=TODAY)
    other = assemble_report(inputs(), params=PARAMS, today=TODAY)
    assert first.as_dict() == again.as_dict()
    assert first.digest == content_digest(first) and len(first.digest) == 64
    assert other.digest != first.digest


@settings(database=None, deadline=None, max_examples=60)
@given(flags=st.lists(st.booleans(), min_size=1, max_size=40), data=st.data())
def test_er_never_increases_when_a_visit_turns_from_in_use_to_not_in_use(flags, data):
    if not any(flags):
        return
    flip = data.draw(st.sampled_from([i for i, f in enumerate(flags) if f]))
    before = [visit(i, in_use=f) for i, f in enumerate(flags, start=1)]
    after = [visit(i, in_use=f and i - 1 != flip) for i, f in enumerate(flags, start=1)]
    groups = two_districts()
    er_before = assemble_report(
        inputs(stove_groups=groups, visits=tuple(before)), params=PARAMS, today=TODAY
    ).er_tco2e
    er_after = assemble_report(
        inputs(stove_groups=groups, visits=tuple(after)), params=PARAMS, today=TODAY
    ).er_tco2e
    assert er_after <= er_before
