"""The methodology options by hand: efficiency ratio with what varies, KPT, Gold Standard."""

import calendar
import math
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.mrv.methods import compute_er
from core.mrv.methods.cells import DayCell, floor_to_common_grid, fnrb_segments, split_days
from core.mrv.methods.context import Context
from core.mrv.methods.kpt import BASELINE, PROJECT, KptDay, summarise_campaign
from core.mrv.parameters import parse_parameters
from core.reporting.assembly import assemble_report
from core.reporting.inputs import ReportInputs, StoveGroup, UsageCounts
from core.reporting.method_inputs import MethodInputs
from core.reporting.verification import VisitRow
from core.reporting.weeks import weeks_of_period

DEFAULTS = resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
K_AMS = 0.015 * 63.7 * 0.95  # NCV x EF x LF
S_RATIO = 0.0096 * (1 - 0.10 / 0.25)  # t wood per stove-day at eta_new 0.25
TODAY = date(2026, 2, 1)


def params(extra: str = "", methodology: str = "CDM AMS-II.G"):
    """The packaged defaults under another methodology, with extra TOML appended."""
    text = DEFAULTS.replace('methodology = "CDM AMS-II.G"', f'methodology = "{methodology}"')
    return parse_parameters(text + "\n" + extra)


def report(p, start, end, groups, *, visits=(), cohorts=None, kpt=()):
    """Assemble a report from aggregates, as the service would."""
    weeks = tuple(weeks_of_period(start, end))
    stove_cohorts = cohorts or {v.stove_id: 2024 for v in visits}
    return assemble_report(
        ReportInputs(
            period_start=start,
            period_end=end,
            weeks=weeks,
            stove_groups=tuple(groups),
            usage=tuple(UsageCounts(w.label) for w in weeks),
            visits=tuple(visits),
            open_ticket_stoves=frozenset(),
            sample=None,
            method=MethodInputs(kpt_days=tuple(kpt), stove_cohorts=stove_cohorts),
        ),
        params=p,
        today=TODAY,
    )


def visits(n: int, in_use: int, *, first_id: int = 1, district: str = "Acomayo"):
    return [
        VisitRow(i, district, date(2025, 5, 1), i, i - first_id < in_use, "good", False)
        for i in range(first_id, first_id + n)
    ]


COHORTS = """
[cohorts]
usage_by_cohort = true
source = "visits by cohort"
[cohorts.commissioning.2025]
share = 1.0
source = "commissioning check"
"""


def kpt_days(campaign, phase, means, *, size=5, day=date(2024, 8, 1), charcoal=0.0, days=3):
    """Each household weighed on `days` consecutive days at its mean (the KPT minimum is 3)."""
    return [
        KptDay(campaign, phase, f"{phase}{i}", day + timedelta(days=d), m, charcoal, size)
        for i, m in enumerate(means)
        for d in range(days)
    ]


def test_a_period_across_two_fnrb_values_is_split_by_stove_days():
    p = params(
        "[[fnrb_periods]]\nvalid_from = 2025-07-01\nvalid_to = 2026-06-30\nvalue = 0.2\n"
        'unit = "fraction"\nsource = "MoFuSS from July 2025"\n'
    )
    groups = [StoveGroup("Acomayo", "open_fire", date(2024, 1, 1), None, 10)]
    r = report(p, date(2025, 1, 1), date(2025, 12, 31), groups, visits=visits(40, 40))
    u = r.verification.u_applied
    # 181 days at the base 0.3 (January to June), 184 at 0.2 (July to December)
    assert r.er_tco2e == pytest.approx(
        10 * u * S_RATIO * K_AMS * (181 * 0.3 + 184 * 0.2), rel=1e-12
    )
    assert [s["fnrb"] for s in r.method.fnrb_by_days] == [0.3, 0.2]


def test_baseline_wood_per_year_adds_nothing_in_a_leap_year():
    p = params('[b_old_t_per_year]\nvalue = 3.5\nunit = "t / household / year"\nsource = "s"\n')
    groups = [StoveGroup("Acomayo", "open_fire", date(2023, 1, 1), None, 1)]
    leap = report(p, date(2024, 1, 1), date(2024, 12, 31), groups, visits=visits(40, 40))
    common = report(p, date(2025, 1, 1), date(2025, 12, 31), groups, visits=visits(40, 40))
    assert calendar.isleap(2024)
    assert leap.wood_saved_t == pytest.approx(3.5 * 0.6 * leap.verification.u_applied, rel=1e-12)
    assert common.wood_saved_t == pytest.approx(leap.wood_saved_t, rel=1e-12)


def test_eta_new_by_model_and_installation_year_declines_with_age():
    p = params(
        '[[eta_new_by_model]]\nmodel = "Inkawasi"\ninstalled_from = 2022\ninstalled_to = 2022\n'
        'value = 0.40\nunit = "fraction"\nsource = "WBT 2022"\n'
        '[efficiency_decline]\nretained_by_age = [1.0, 0.95, 0.9, 0.85]\nunit = "share"\n'
        'source = "field retests"\n'
    )
    groups = [
        StoveGroup("Acomayo", "open_fire", date(2022, 3, 1), None, 2, model="Inkawasi"),
        StoveGroup("Acomayo", "open_fire", date(2023, 3, 1), None, 3, model="Inkawasi"),
    ]
    r = report(p, date(2025, 1, 1), date(2025, 12, 31), groups, visits=visits(40, 40))
    u = r.verification.u_applied
    old = 0.0096 * (1 - 0.10 / (0.40 * 0.85))  # 2022 model test, age 3 in 2025
    new = 0.0096 * (1 - 0.10 / (0.25 * 0.9))  # no entry for 2023: base eta_new, age 2
    assert r.wood_saved_t == pytest.approx(u * 365 * (2 * old + 3 * new), rel=1e-12)


def test_gold_standard_scales_only_co2_by_fnrb():
    p = params(
        '[ef_co2_tco2_per_tj]\nvalue = 112.0\nunit = "tCO2/TJ"\nsource = "IPCC"\n'
        '[ef_nonco2_tco2e_per_tj]\nvalue = 9.46\nunit = "tCO2e/TJ"\nsource = "IPCC"\n',
        methodology="GS TPDDTEC v4",
    )
    groups = [StoveGroup("Acomayo", "open_fire", date(2024, 1, 1), None, 4)]
    r = report(p, date(2025, 1, 1), date(2025, 12, 31), groups, visits=visits(40, 40))
    u = r.verification.u_applied
    expected = 4 * 365 * u * S_RATIO * 0.015 * (0.3 * 112.0 + 9.46) * 0.95
    assert r.er_tco2e == pytest.approx(expected, rel=1e-12)
    assert r.method.equation == "ER = Σ stove_days × U × S × NCV × (fNRB × EF_CO2 + EF_nonCO2) × LF"
    # The sensitivity table leaves out the AMS-II.G fossil EF, which GS does not use.
    assert {row.parameter for row in r.sensitivity} == {"fnrb", "eta_new"}


KPT = '[kpt]\nbaseline_campaign = "B"\nproject_campaign = "P"\nsource = "KPT"\n'


def test_kpt_worked_example_with_cohorts():
    """mrv.md: S = 3.813915 kg, 604,216 operating stove-days, 627.5362 tCO2e, 627 issuable."""
    base = [9.6 + d for d in (3.0, -3.0) * 20]  # mean 9.6, sd 3.0 * sqrt(40/39)
    scale = 3.0 / math.sqrt(40 / 39) / 3.0
    base = [9.6 + (m - 9.6) * scale for m in base]
    proj = [5.2 + d * 2.2 / math.sqrt(40 / 39) for d in (1.0, -1.0) * 20]
    days = kpt_days("B", BASELINE, base) + kpt_days("P", PROJECT, proj, day=date(2025, 5, 1))
    groups = [
        StoveGroup("Acomayo", "open_fire", date(2022, 3, 1), None, 1200),
        StoveGroup("Acomayo", "open_fire", date(2023, 3, 1), None, 2000),
        StoveGroup("Pomacanchi", "open_fire", date(2025, 4, 1), None, 800),
    ]
    seen = visits(100, 88) + visits(100, 94, first_id=101)
    cohorts = {v.stove_id: 2022 if v.stove_id <= 100 else 2023 for v in seen}
    r = report(
        params(KPT + COHORTS, methodology="CDM AMS-II.G (KPT)"),
        date(2025, 1, 1),
        date(2025, 6, 30),
        groups,
        visits=seen,
        cohorts=cohorts,
        kpt=days,
    )
    assert r.method.kpt_savings_kg_per_stove_day == pytest.approx(3.813915, abs=1e-6)
    assert r.method.operating_stove_days == pytest.approx(604_216, abs=1e-6)
    assert r.wood_saved_t == pytest.approx(2304.4286, abs=1e-4)
    assert r.er_tco2e == pytest.approx(627.5362, abs=1e-4)
    assert r.er_issuable_tco2e == 627
    assert [(c.cohort, c.operational_share, c.share_source) for c in r.cohorts] == [
        (2022, 0.88, "visits"),
        (2023, 0.94, "visits"),
        (2025, 1.0, "commissioning check"),
    ]
    assert math.fsum(c.er_tco2e for c in r.cohorts) == r.er_tco2e
    assert [k.side for k in r.kpt_campaigns] == ["mean", "upper bound"]
    assert "KPT project campaign P: precision target not met, its upper bound is credited" in (
        r.notes
    )


def test_a_cohort_without_visits_or_commissioning_check_is_not_credited():
    groups = [
        StoveGroup("Acomayo", "open_fire", date(2022, 3, 1), None, 10),
        StoveGroup("Acomayo", "open_fire", date(2024, 3, 1), None, 10),
    ]
    seen = visits(40, 40)
    r = report(params(COHORTS), date(2025, 1, 1), date(2025, 12, 31), groups, visits=seen,
               cohorts={v.stove_id: 2022 for v in seen})  # fmt: skip
    cohorts = {c.cohort: c for c in r.cohorts}
    assert (cohorts[2024].operational_share, cohorts[2024].er_tco2e) == (0.0, 0.0)
    assert cohorts[2022].er_tco2e == r.er_tco2e > 0
    assert any(note.startswith("cohort 2024: no verification visit") for note in r.notes)


def test_charcoal_counts_four_to_one_and_baselines_are_capped_per_capita():
    days = [KptDay("B", BASELINE, "h1", date(2025, 1, 1), 2.0, 1.0, 3)]
    days += [KptDay("B", BASELINE, "h2", date(2025, 1, 1), 6.0, 0.0, 3)]
    c = summarise_campaign("B", BASELINE, days, confidence=0.9, target_precision=0.1,
                           wood_per_charcoal=4.0)  # fmt: skip
    assert c.mean_kg == 6.0  # (2 + 4 x 1) and 6
    capped = summarise_campaign("B", BASELINE, days, confidence=0.9, target_precision=0.1,
                                wood_per_charcoal=4.0, cap_kg_per_capita_year=365.0)  # fmt: skip
    assert (capped.mean_kg, capped.capped_households) == (3.0, 2)  # 365 x 3 / 365 = 3 kg a day


@settings(database=None, deadline=None, max_examples=80)
@given(means=st.lists(st.floats(0.5, 40.0), min_size=2, max_size=60))
def test_the_conservative_side_never_credits_more_than_the_mean(means):
    b = summarise_campaign("C", BASELINE, kpt_days("C", BASELINE, means), confidence=0.9,
                           target_precision=0.1, wood_per_charcoal=4.0)  # fmt: skip
    p = summarise_campaign("C", PROJECT, kpt_days("C", PROJECT, means), confidence=0.9,
                           target_precision=0.1, wood_per_charcoal=4.0)  # fmt: skip
    assert b.applied_kg <= b.mean_kg * (1 + 1e-12)
    assert p.applied_kg >= p.mean_kg * (1 - 1e-12)


@settings(database=None, deadline=None, max_examples=40)
@given(flags=st.lists(st.booleans(), min_size=1, max_size=50), data=st.data())
def test_a_cohorts_er_never_rises_when_one_of_its_visits_flips_to_not_in_use(flags, data):
    if not any(flags):
        return
    flip = data.draw(st.sampled_from([i for i, f in enumerate(flags) if f]))
    groups = [
        StoveGroup("Acomayo", "open_fire", date(2022, 3, 1), None, 50),
        StoveGroup("Yanaoca", "open_fire", date(2023, 3, 1), None, 70),
    ]
    others = visits(30, 27, first_id=1000)
    cohorts = {i: 2022 for i in range(1, len(flags) + 1)} | {v.stove_id: 2023 for v in others}

    def cohort_er(in_use):
        seen = [VisitRow(i, "Acomayo", date(2025, 5, 1), i, u, "good", False)
                for i, u in enumerate(in_use, start=1)]  # fmt: skip
        r = report(params(COHORTS), date(2025, 1, 1), date(2025, 12, 31), groups,
                   visits=seen + others, cohorts=cohorts)  # fmt: skip
        return {c.cohort: c.er_tco2e for c in r.cohorts}

    before = cohort_er(flags)
    after = cohort_er([f and i != flip for i, f in enumerate(flags)])
    assert after[2022] <= before[2022]
    # Cohort ERs are floored onto a grid of 2^-53 of the programme total so that they add up
    # exactly; a change of the total may move another cohort by that grid step, no more.
    assert after[2023] == pytest.approx(before[2023], rel=0, abs=2**-52 * sum(before.values()))


cell_strategy = st.builds(
    DayCell,
    district=st.sampled_from(["Acomayo", "Pomacanchi", "Yanaoca"]),
    baseline=st.sampled_from(["open_fire", "traditional_stove"]),
    cohort=st.integers(2020, 2025),
    model=st.just(""),
    year=st.just(2025),
    fnrb=st.sampled_from([0.3, 0.2, 0.45]),
    days=st.integers(1, 10_000_000),
)


@settings(database=None, deadline=None, max_examples=150)
@given(
    cells=st.lists(cell_strategy, min_size=1, max_size=40),
    shares=st.dictionaries(st.integers(2020, 2025), st.floats(0.0, 1.0)),
)
def test_district_and_cohort_ers_add_up_exactly_to_the_total(cells, shares):
    result = compute_er(cells, shares, Context(params()))
    assert math.fsum(result.er_by_district.values()) == result.er_tco2e
    assert math.fsum(result.er_by_cohort.values()) == result.er_tco2e
    assert sum(result.er_by_district.values()) == result.er_tco2e  # exact in any order
    assert sum(reversed(list(result.er_by_cohort.values()))) == result.er_tco2e


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30))
def test_flooring_to_the_common_grid_never_credits_more(values):
    floored = floor_to_common_grid(values)
    assert all(f <= v for f, v in zip(floored, values, strict=True))
    assert all(v - f <= 1e-9 * max(1.0, math.fsum(abs(x) for x in values))
               for f, v in zip(floored, values, strict=True))  # fmt: skip


def test_fnrb_segments_cover_the_period_without_gaps():
    p = params(
        "[[fnrb_periods]]\nvalid_from = 2025-03-01\nvalid_to = 2025-03-31\nvalue = 0.2\n"
        'unit = "fraction"\nsource = "s"\n'
    )
    assert p.options is not None
    segments = fnrb_segments(date(2025, 1, 1), date(2025, 12, 31), p.options.fnrb_periods, 0.3)
    assert segments == [
        (date(2025, 1, 1), date(2025, 2, 28), 0.3),
        (date(2025, 3, 1), date(2025, 3, 31), 0.2),
        (date(2025, 4, 1), date(2025, 12, 31), 0.3),
    ]
    group = StoveGroup("A", "open_fire", date(2024, 1, 1), None, 2)
    cells = split_days([group], segments=segments, life_years=5)
    assert sum(c.days for c in cells) == 2 * 365
    assert {c.fnrb: c.days for c in cells} == {0.3: 2 * 334, 0.2: 2 * 31}
