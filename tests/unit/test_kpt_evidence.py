"""KPT evidence guarded (mrv.md "KPT evidence"): one hand case for each refusal."""

from datetime import date, timedelta
from importlib import resources

import pytest

from core.imports.kpt import check_kpt_row
from core.mrv.methods.kpt import BASELINE, PROJECT, KptDay
from core.mrv.methods.kpt_evidence import guarded_kpt_savings
from core.mrv.options import KptOptions
from core.mrv.parameters import ParameterError, parse_parameters

DEFAULTS = resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
DEFAULTS += "\n"
END = date(2025, 12, 31)
OPTIONS = KptOptions("B", "P", 5, None, "KPT")
SPREAD = (-0.2, 0.2)


def campaign(name, phase, means, *, first=date(2024, 8, 1), days=3, prefix=None):
    """Households weighed on `days` consecutive days at their mean."""
    return [
        KptDay(name, phase, f"{prefix or phase}{i}", first + timedelta(days=d), m, 0.0, 5)
        for i, m in enumerate(means)
        for d in range(days)
    ]


def around(mean, n=40):
    return [mean + SPREAD[i % 2] for i in range(n)]


def savings(days, options=OPTIONS, end=END):
    return guarded_kpt_savings(
        options, days, period_end=end, confidence=0.9, target_precision=0.1, wood_per_charcoal=4.0
    )


def test_a_precise_pair_of_campaigns_is_credited_at_the_difference_of_means():
    result = savings(campaign("B", BASELINE, around(9.6)) + campaign("P", PROJECT, around(5.2)))
    assert result.refusals == ()
    assert result.savings_t == pytest.approx(4.4 / 1000, rel=1e-12)


def test_households_with_fewer_than_min_days_are_left_out_and_listed():
    short = campaign("B", BASELINE, [50.0, 60.0], days=2, prefix="short")
    rest = campaign("B", BASELINE, around(9.6)) + campaign("P", PROJECT, around(5.2))
    result = savings(short + rest)
    baseline = result.campaigns[0]
    assert (baseline.households, baseline.excluded_households) == (40, ("short0", "short1"))
    assert baseline.mean_kg == pytest.approx(9.6)
    assert result.savings_t == pytest.approx(4.4 / 1000, rel=1e-12)
    assert "left out with too few measured days: short0, short1" in result.statements[0]


def test_a_phase_below_min_households_is_refused_never_credited_at_a_mean_or_a_zero_bound():
    # One baseline household used to give ER -93 t ("lower bound is credited"); two passed 90/10.
    for n in (1, 2, 29):
        days = campaign("B", BASELINE, around(9.6, n)) + campaign("P", PROJECT, around(5.2))
        result = savings(days)
        assert result.savings_t == 0.0
        assert result.refusals == (
            f"KPT baseline campaign B: {n} household(s) weighed on at least 3 days, fewer than "
            "min_households 30; no KPT savings credited",
        )


def test_a_weight_above_max_kg_per_day_refuses_the_campaign_with_the_first_day():
    days = campaign("B", BASELINE, around(9.6)) + campaign("P", PROJECT, around(5.2))
    days.append(KptDay("P", PROJECT, "project3", date(2024, 8, 4), 1e160, 0.0, 5))
    result = savings(days)
    assert result.savings_t == 0.0
    assert "1 weighed day(s) above max_kg_per_day 100 kg (first: project3 on 2024-08-04)" in (
        result.refusals[0]
    )


def test_values_beyond_three_sd_are_kept_and_listed():
    means = around(9.6, 60) + [40.0]
    result = savings(campaign("B", BASELINE, means) + campaign("P", PROJECT, around(5.2)))
    baseline = result.campaigns[0]
    assert (baseline.households, baseline.outliers) == (61, ("baseline60",))
    assert "more than 3 SD from the mean (kept): baseline60" in result.statements[0]


def test_a_negative_saving_credits_zero_with_a_plain_statement():
    result = savings(campaign("B", BASELINE, around(5.2)) + campaign("P", PROJECT, around(9.6)))
    assert result.savings_t == 0.0
    assert result.refusals == ()
    assert "the measured saving is negative (-4.4000 kg/day), so 0 is credited" in (
        result.statements[-1]
    )


@pytest.mark.parametrize(
    ("baseline_end", "project_end", "refused"),
    [
        (date(2020, 12, 31), date(2025, 3, 1), None),
        (date(2020, 12, 30), date(2025, 3, 1), "max_baseline_age_years"),
        (date(2024, 8, 3), date(2023, 12, 31), None),
        (date(2024, 8, 3), date(2023, 12, 30), "max_project_age_years"),
    ],
)
def test_campaign_ages_are_counted_back_from_the_periods_end(baseline_end, project_end, refused):
    first = baseline_end - timedelta(days=2)
    days = campaign("B", BASELINE, around(9.6), first=first)
    days += campaign("P", PROJECT, around(5.2), first=project_end - timedelta(days=2))
    result = savings(days)
    if refused is None:
        assert result.refusals == ()
    else:
        assert result.savings_t == 0.0
        assert len(result.refusals) == 1 and refused in result.refusals[0]
        assert "before the period's end 2025-12-31: not credited for the whole period" in (
            result.refusals[0]
        )


KPT = '[kpt]\nbaseline_campaign = "B"\nproject_campaign = "P"\nsource = "KPT"\n'


def test_a_limit_other_than_its_default_needs_a_limits_source():
    with pytest.raises(ParameterError, match="limits_source"):
        parse_parameters(DEFAULTS + "\n" + KPT + "min_households = 12\n")
    with pytest.raises(ParameterError, match="max_baseline_age_years"):
        parse_parameters(DEFAULTS + KPT + 'max_baseline_age_years = 6\nlimits_source = "x"\n')
    with pytest.raises(ParameterError, match="min_households"):
        parse_parameters(DEFAULTS + "\n" + KPT + 'min_households = 1\nlimits_source = "x"\n')
    p = parse_parameters(DEFAULTS + "\n" + KPT + 'min_households = 12\nlimits_source = "pilot"\n')
    assert p.options is not None and p.options.kpt is not None
    assert (p.options.kpt.min_households, p.options.kpt.limits_source) == (12, "pilot")
    assert p.options.kpt.max_kg_per_day == 100.0


def test_the_import_refuses_a_weight_above_the_limit_it_is_given():
    raw = {"campaign": "B", "phase": "baseline", "household": "H1", "day": "2024-08-01",
           "wood_kg": "1100", "household_size": "4"}  # fmt: skip
    _, problems = check_kpt_row(raw, today=date(2025, 1, 1))
    assert problems == [
        "wood_kg 1100 is above max_kg_per_day 100 kg per household-day "
        "(the [kpt] table of the parameters file)"
    ]
    _, problems = check_kpt_row(raw, today=date(2025, 1, 1), max_kg_per_day=2000.0)
    assert problems == []


def test_limits_other_than_the_defaults_are_stated_with_their_source():
    options = KptOptions("B", "P", 5, None, "KPT", min_households=12, limits_source="pilot")
    days = campaign("B", BASELINE, around(9.6, 12)) + campaign("P", PROJECT, around(5.2, 12))
    result = savings(days, options)
    assert result.refusals == ()
    assert result.statements[0] == (
        "KPT limits other than mrv.md's defaults: min_households 12 (source: pilot)"
    )
