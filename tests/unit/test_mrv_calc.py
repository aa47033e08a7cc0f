"""Checks the AMS-II.G equations against cases worked out by hand, plus property tests."""

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.mrv.calc import (
    UsageEstimate,
    emission_reductions,
    end_of_life,
    issuable_tonnes,
    proportional_allocation,
    sample_size_for,
    savings_t_per_stove_day,
    stacking_adjusted_usage,
    stove_days,
    stove_days_by_year,
    usage_estimate,
)
from core.mrv.parameters import load_parameters
from core.mrv.proportion import proportion_interval

# No example database: property tests must not write into the checkout.
PROPS = settings(database=None, deadline=None, max_examples=200)
REL = 1e-9


def days(installed: date, start: date, end: date, decom: date | None = None, life: int = 5) -> int:
    """Shorthand for stove_days with keyword arguments."""
    return stove_days(
        installed_on=installed,
        decommissioned_on=decom,
        period_start=start,
        period_end=end,
        life_years=life,
    )


# --- end_of_life --------------------------------------------------------------------------


def test_end_of_life_is_the_day_before_the_anniversary() -> None:
    # Installed 2021-03-01, 5 years: 5th anniversary 2026-03-01, last day 2026-02-28.
    assert end_of_life(date(2021, 3, 1), 5) == date(2026, 2, 28)
    # Installed 2021-07-01: anniversary 2026-07-01, last day 2026-06-30.
    assert end_of_life(date(2021, 7, 1), 5) == date(2026, 6, 30)


def test_end_of_life_for_a_29_february_install() -> None:
    # 2020-02-29 + 5 years: 2025 is a common year, anniversary taken as 28 Feb (conservative),
    # so the life ends on 2025-02-27.
    assert end_of_life(date(2020, 2, 29), 5) == date(2025, 2, 27)
    # + 4 years lands on 2024-02-29, a real anniversary: life ends 2024-02-28.
    assert end_of_life(date(2020, 2, 29), 4) == date(2024, 2, 28)


@pytest.mark.parametrize("life", [0, -1, True, 5.0])
def test_end_of_life_refuses_a_non_positive_or_non_integer_life(life: object) -> None:
    with pytest.raises(ValueError):
        end_of_life(date(2021, 1, 1), life)  # type: ignore[arg-type]


# --- stove_days ---------------------------------------------------------------------------


def test_full_common_year_counts_365_days() -> None:
    # Installed before the period: 1 Jan .. 31 Dec 2023, both ends inclusive = 365.
    assert days(date(2022, 5, 1), date(2023, 1, 1), date(2023, 12, 31)) == 365


def test_installed_1_july_counts_184_days() -> None:
    # 1 Jul .. 31 Dec: Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 = 184.
    assert days(date(2023, 7, 1), date(2023, 1, 1), date(2023, 12, 31)) == 184


def test_leap_year_counts_366_days() -> None:
    assert days(date(2022, 5, 1), date(2024, 1, 1), date(2024, 12, 31)) == 366


def test_decommissioning_day_itself_does_not_count() -> None:
    # Decommissioned 2023-03-15: last day 2023-03-14. Jan 31 + Feb 28 + Mar 14 = 73.
    assert days(date(2022, 5, 1), date(2023, 1, 1), date(2023, 12, 31), date(2023, 3, 15)) == 73
    # Decommissioned on its installation day: no creditable day at all.
    assert days(date(2023, 5, 1), date(2023, 1, 1), date(2023, 12, 31), date(2023, 5, 1)) == 0


def test_stove_past_its_technical_life() -> None:
    # Installed 2019-03-01: life ends 2024-02-29 (leap day). 2024: Jan 31 + Feb 29 = 60 days.
    assert days(date(2019, 3, 1), date(2024, 1, 1), date(2024, 12, 31)) == 60
    # Installed 2018-06-01: life ended 2023-05-31, nothing left in 2024.
    assert days(date(2018, 6, 1), date(2024, 1, 1), date(2024, 12, 31)) == 0


def test_stove_installed_after_the_period_counts_nothing() -> None:
    assert days(date(2024, 1, 1), date(2023, 1, 1), date(2023, 12, 31)) == 0


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError):
        days(date(2022, 1, 1), date(2023, 2, 1), date(2023, 1, 31))


def test_stove_days_by_year_splits_a_period_across_new_year() -> None:
    # Period 2023-07-01 .. 2024-06-30: 2023 has 184 days, 2024 has
    # Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 + Jun 30 = 182; total 366.
    split = stove_days_by_year(
        installed_on=date(2022, 1, 1),
        decommissioned_on=None,
        period_start=date(2023, 7, 1),
        period_end=date(2024, 6, 30),
        life_years=5,
    )
    assert split == {2023: 184, 2024: 182}


DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@PROPS
@given(
    installed=DATES,
    decom=st.none() | DATES,
    start=DATES,
    length=st.integers(min_value=0, max_value=1500),
    life=st.integers(min_value=1, max_value=10),
)
def test_stove_days_by_year_sums_to_stove_days(
    installed: date, decom: date | None, start: date, length: int, life: int
) -> None:
    kwargs = {
        "installed_on": installed,
        "decommissioned_on": decom,
        "period_start": start,
        "period_end": start + timedelta(days=length),
        "life_years": life,
    }
    split = stove_days_by_year(**kwargs)
    assert sum(split.values()) == stove_days(**kwargs)
    assert all(v > 0 for v in split.values())


# --- usage_estimate -----------------------------------------------------------------------


def u90(n: int, in_use: int, n_min: int = 30) -> UsageEstimate:
    """Usage estimate under the 90/10 rule."""
    return usage_estimate(n=n, in_use=in_use, confidence=0.90, target_precision=0.10, n_min=n_min)


# The published Wilson (1927) score interval, as Brown, Cai & DasGupta (2001) eq. 4 give it:
#   centre = (k + z^2/2) / (n + z^2),  spread = z sqrt(n) / (n + z^2) * sqrt(p q + z^2 / 4n)
# with z = 1.6448536 (two-sided 90 %), z^2 = 2.7055435. Worked by hand below.
Z2 = 2.7055434540954106


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # 0/n: centre = spread = z^2 / 2(n + z^2), so L = 0 and H = z^2 / (n + z^2).
        (0, 10, 0.0, Z2 / (10 + Z2)),  # H = 2.7055435 / 12.7055435 = 0.2129420
        # n/n: L = n / (n + z^2), H = 1.
        (2, 2, 2 / (2 + Z2), 1.0),  # L = 2 / 4.7055435 = 0.4250306
        (12, 12, 12 / (12 + Z2), 1.0),  # L = 12 / 14.7055435 = 0.8160188
        # 1/2: centre = (1 + 1.3527717) / 4.7055435 = 0.5; spread = 1.6448536 * 1.4142136
        # / 4.7055435 * sqrt(0.25 + 0.3381929) = 0.4943594 * 0.7669374 = 0.3791337.
        (1, 2, 0.1208663, 0.8791337),
        # 45/60: centre = (45 + 1.3527717) / 62.7055435 = 0.7392133; spread = 1.6448536
        # * 7.7459667 / 62.7055435 * sqrt(0.1875 + 0.0112731) = 0.2031868 * 0.4458398
        # = 0.0905891. mrv.md: Wilson 0.6486242 (Clopper-Pearson 0.6414602, t 0.6557947).
        (45, 60, 0.6486242, 0.8298024),
        # 95/100: centre = (95 + 1.3527717) / 102.7055435 = 0.9381458; spread = 1.6448536
        # * 10 / 102.7055435 * sqrt(0.0475 + 0.0067639) = 0.1601523 * 0.2329461 = 0.0373069.
        (95, 100, 0.9008389, 0.9754526),
    ],
)
def test_wilson_interval_matches_the_published_formula(
    k: int, n: int, low: float, high: float
) -> None:
    lower, upper = proportion_interval(k, n, 0.90)
    assert lower == pytest.approx(low, abs=1e-7)
    assert upper == pytest.approx(high, abs=1e-7)


def test_every_visited_stove_in_use_is_far_from_full_credit() -> None:
    # The defect: a t interval had zero width at 2 of 2, crediting U = 1.
    e = u90(2, 2)
    assert e.u_applied == pytest.approx(0.4250306, abs=1e-7)
    assert not e.passes_90_10 and e.reason and "n_min" in e.reason
    e = u90(12, 12, n_min=1)
    assert not e.passes_90_10 and e.u_applied == pytest.approx(0.8160188, abs=1e-7)


def test_one_of_two_in_use_credits_the_lower_bound_not_zero() -> None:
    assert u90(2, 1).u_applied == pytest.approx(0.1208663, abs=1e-7)


def test_sample_failing_90_10_applies_the_lower_bound() -> None:
    # 45/60: precision = (0.75 - 0.6486242) / 0.75 = 0.1351677 > 0.10, so U = L.
    e = u90(60, 45)
    assert e.precision == pytest.approx(0.1351677, abs=1e-7)
    assert not e.passes_90_10
    assert e.u_applied == pytest.approx(0.6486242, abs=1e-7)
    assert e.half_width == pytest.approx(0.75 - 0.6486242, abs=1e-7)
    assert e.reason is not None and "precision" in e.reason
    assert e.n_needed_90_10 == 106


def test_sample_passing_90_10_credits_p() -> None:
    # 95/100: precision = (0.95 - 0.9008389) / 0.95 = 0.0517485 <= 0.10 and n >= 30.
    e = u90(100, 95)
    assert e.precision == pytest.approx(0.0517485, abs=1e-7)
    assert e.passes_90_10 and e.u_applied == 0.95 and e.reason is None
    # At p = 0.95 the precision crosses 10 % between n = 37 (0.1003073) and 38 (0.0984875).
    assert e.n_needed_90_10 == 38


def test_fewer_than_n_min_stoves_never_pass_even_when_precise() -> None:
    # 29 of 29: L = 29 / 31.7055435 = 0.9146667, precision 0.0853 <= 0.10, but n < 30.
    e = u90(29, 29)
    assert e.precision is not None and e.precision <= 0.10
    assert not e.passes_90_10 and e.u_applied == pytest.approx(29 / (29 + Z2), rel=1e-12)
    assert e.n_needed_90_10 == 30
    assert u90(30, 30).passes_90_10


def test_none_in_use_credits_nothing() -> None:
    e = u90(20, 0)
    assert e.p == 0 and e.precision is None and not e.passes_90_10
    assert e.u_applied == 0 and e.n_needed_90_10 is None and e.reason


def test_no_visits_credits_nothing_and_says_why() -> None:
    e = u90(0, 0)
    assert e.p is None and e.half_width is None and e.u_applied == 0
    assert e.reason == "no verification visits in the period"


@pytest.mark.parametrize(("n", "in_use"), [(10, 11), (10, -1), (-1, 0)])
def test_impossible_counts_are_refused(n: int, in_use: int) -> None:
    with pytest.raises(ValueError):
        u90(n, in_use)


@PROPS
@given(n=st.integers(min_value=1, max_value=2000), data=st.data())
def test_lower_bound_never_exceeds_p_nor_rises_when_a_visit_turns_to_not_in_use(
    n: int, data: st.DataObject
) -> None:
    in_use = data.draw(st.integers(min_value=1, max_value=n))
    confidence = data.draw(st.sampled_from([0.8, 0.9, 0.95]))
    low, _ = proportion_interval(in_use, n, confidence)
    flipped, _ = proportion_interval(in_use - 1, n, confidence)
    assert low <= in_use / n
    assert flipped <= low
    assert u90(n, in_use - 1).u_applied <= u90(n, in_use).u_applied


# --- sample size --------------------------------------------------------------------------


def test_sample_size_for_expected_usage_of_80_percent() -> None:
    # p = 0.8: precision 0.1001447 at n = 85, 0.0995051 at n = 86. So 86.
    assert sample_size_for(expected_p=0.8, confidence=0.9, target_precision=0.1) == 86
    # 10 % reserve: ceil(86 * 1.1) = ceil(94.6) = 95.
    assert sample_size_for(expected_p=0.8, confidence=0.9, target_precision=0.1, reserve=0.1) == 95


def test_sample_size_is_at_least_n_min() -> None:
    # p = 0.99 passes with a handful of stoves, but 90/10 needs n_min of them anyway.
    assert sample_size_for(expected_p=0.99, confidence=0.9, target_precision=0.1) < 30
    assert sample_size_for(expected_p=0.99, confidence=0.9, target_precision=0.1, n_min=30) == 30


def test_sample_reserve_is_free_of_binary_noise() -> None:
    # 50 * 1.1 = 55 exactly, although in binary floats 50 * 1.1 > 55.
    assert 50 * 1.1 > 55
    assert (
        sample_size_for(
            expected_p=0.99, confidence=0.9, target_precision=0.1, reserve=0.1, n_min=50
        )
        == 55
    )


# --- savings and emission reductions ------------------------------------------------------


def test_savings_for_defaults() -> None:
    # S = 0.0096 t * (1 - 0.10 / 0.25) = 0.0096 * 0.6 = 0.00576 t per stove-day.
    s = savings_t_per_stove_day(b_old_kg_per_day=9.6, eta_old=0.10, eta_new=0.25)
    assert s == pytest.approx(0.00576, rel=REL)


def test_full_emission_reductions_example_with_defaults() -> None:
    # 1,000 stoves for all of 2023: 365,000 stove-days; U = 0.8.
    # Per stove-day at U = 1: 0.00576 * 0.30 * 0.015 * 63.7 * 0.95 = 0.0015685488 tCO2e.
    # ER = 365,000 * 0.8 * 0.0015685488 = 458.0162496 tCO2e; issuable 458.
    p = load_parameters()
    s = savings_t_per_stove_day(
        b_old_kg_per_day=p.b_old_kg_per_day.value,
        eta_old=p.eta_old_for("open_fire"),
        eta_new=p.eta_new.value,
    )
    er = emission_reductions(
        stove_days=365_000,
        usage_rate=0.8,
        savings_t_per_stove_day=s,
        fnrb=p.fnrb.value,
        ncv_tj_per_t=p.ncv_tj_per_t.value,
        ef_tco2_per_tj=p.ef_tco2_per_tj.value,
        leakage_factor=p.leakage_factor.value,
    )
    assert er == pytest.approx(458.0162496, rel=REL)
    assert issuable_tonnes(er) == 458


def test_issuable_tonnes_floors_strictly() -> None:
    assert issuable_tonnes(42.0) == 42
    assert issuable_tonnes(41.99999999999) == 41
    assert issuable_tonnes(-3.5) == 0
    with pytest.raises(ValueError):
        issuable_tonnes(math.nan)


def test_stacking_discount_only_when_applied() -> None:
    # U = 0.8, 25 % stacking: 0.8 * 0.75 = 0.6 when applied.
    assert stacking_adjusted_usage(0.8, 0.25, True) == pytest.approx(0.6, rel=REL)
    assert stacking_adjusted_usage(0.8, 0.25, False) == 0.8
    with pytest.raises(ValueError):
        stacking_adjusted_usage(0.8, 1.2, True)


# --- proportional allocation --------------------------------------------------------------


def test_proportional_allocation_by_hand() -> None:
    # 10 from {a: 5, b: 3, c: 2} of 10: quotas 5, 3, 2 exactly.
    assert proportional_allocation({"a": 5, "b": 3, "c": 2}, 10) == {"a": 5, "b": 3, "c": 2}
    # 7 from {a: 10, b: 10, c: 10}: quotas 7/3 each, floors 2+2+2 = 6, one left; equal
    # remainders, so the name decides: a gets it.
    assert proportional_allocation({"c": 10, "b": 10, "a": 10}, 7) == {"a": 3, "b": 2, "c": 2}
    # 5 from {x: 1, y: 9}: quotas 0.5 and 4.5, floors 0 + 4, one left, tie -> x.
    assert proportional_allocation({"y": 9, "x": 1}, 5) == {"x": 1, "y": 4}


def test_proportional_allocation_refuses_an_oversized_sample() -> None:
    with pytest.raises(ValueError):
        proportional_allocation({"a": 2}, 3)


@PROPS
@given(
    counts=st.dictionaries(st.text(max_size=5), st.integers(min_value=0, max_value=500)),
    data=st.data(),
)
def test_proportional_allocation_sums_and_respects_counts(
    counts: dict[str, int], data: st.DataObject
) -> None:
    total = data.draw(st.integers(min_value=0, max_value=sum(counts.values())))
    shares = proportional_allocation(counts, total)
    assert sum(shares.values()) == total
    assert all(0 <= shares[k] <= counts[k] for k in counts)
    assert shares == proportional_allocation(dict(reversed(list(counts.items()))), total)
