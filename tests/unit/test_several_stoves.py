"""Several stoves in one household: savings credited once per household-day, by every method."""

from collections import Counter
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.mrv.methods.households import HouseholdStove
from core.mrv.methods.kpt import KptDay
from core.mrv.parameters import parse_parameters
from core.reporting.assembly import assemble_report
from core.reporting.inputs import ReportInputs, StoveGroup, UsageCounts
from core.reporting.method_inputs import MethodInputs
from core.reporting.verification import VisitRow
from core.reporting.weeks import weeks_of_period

DEFAULTS = resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
K_AMS = 0.015 * 63.7 * 0.95  # NCV x EF x LF
S_RATIO = 0.0096 * (1 - 0.10 / 0.25)  # t wood per stove-day
PER_DAY = S_RATIO * 0.30 * K_AMS  # tCO2e per credited stove-day at U = 1

# (household, installed_on, decommissioned_on)
Stove = tuple[int, date, date | None]

GS = (
    '[ef_co2_tco2_per_tj]\nvalue = 112.0\nunit = "tCO2/TJ"\nsource = "IPCC"\n'
    '[ef_nonco2_tco2e_per_tj]\nvalue = 9.46\nunit = "tCO2e/TJ"\nsource = "IPCC"\n'
)
KPT = '[kpt]\nbaseline_campaign = "B"\nproject_campaign = "P"\nsource = "KPT"\n'


def params(extra: str = "", methodology: str = "CDM AMS-II.G"):
    """The packaged defaults under a methodology, with extra TOML appended."""
    text = DEFAULTS.replace('methodology = "CDM AMS-II.G"', f'methodology = "{methodology}"')
    return parse_parameters(text + "\n" + extra)


def kpt_campaigns() -> tuple[KptDay, ...]:
    """40 households x 3 days on each side: baseline 9.6 kg, project 5.2 kg, both precise."""
    days = []
    for phase, campaign, base in (("baseline", "B", 9.6), ("project", "P", 5.2)):
        for h in range(40):
            for d in range(3):
                kg = base + (0.2 if h % 2 else -0.2)
                days.append(KptDay(campaign, phase, f"{phase}{h}", date(2024, 8, 1 + d), kg, 0, 5))
    return tuple(days)


def inputs(stoves: list[Stove], *, visited: int = 100) -> ReportInputs:
    """A report's aggregates for these stoves, as the queries would give them (one district)."""
    counts = Counter((installed, gone) for _, installed, gone in stoves)
    groups = tuple(
        StoveGroup("Acomayo", "open_fire", installed, gone, n)
        for (installed, gone), n in sorted(counts.items(), key=str)
    )
    per_household = Counter(h for h, _, _ in stoves)
    shared = tuple(
        HouseholdStove(h, "Acomayo", "open_fire", installed, gone)
        for h, installed, gone in stoves
        if per_household[h] > 1
    )
    weeks = tuple(weeks_of_period(*YEAR))
    visits = tuple(
        VisitRow(i, "Acomayo", date(2025, 5, 1), i, True, "good", False) for i in range(visited)
    )
    return ReportInputs(
        period_start=YEAR[0],
        period_end=YEAR[1],
        weeks=weeks,
        stove_groups=groups,
        usage=tuple(UsageCounts(w.label) for w in weeks),
        visits=visits,
        open_ticket_stoves=frozenset(),
        sample=None,
        method=MethodInputs(
            kpt_days=kpt_campaigns(), stove_cohorts={v.stove_id: 2024 for v in visits}
        ),
        shared_stoves=shared,
    )


def worked_example_4() -> list[Stove]:
    """mrv.md worked example 4: 100 households each of shapes A, B and C."""
    stoves: list[Stove] = []
    for i in range(100):
        stoves.append((i, date(2024, 6, 1), None))  # A
        stoves += [(100 + i, date(2024, 6, 1), None), (100 + i, date(2025, 7, 1), None)]  # B
        stoves += [(200 + i, date(2024, 1, 1), None)] * 2  # C
        stoves.append((200 + i, date(2024, 1, 1), date(2025, 4, 1)))
    return stoves


def test_worked_example_4_credits_once_per_household_day():
    r = assemble_report(inputs(worked_example_4()), params=params(), today=date(2026, 2, 1))
    assert r.verification.u_applied == 1.0
    assert (r.stove_days, r.stove_days_raw) == (109_500, 173_400)
    several = r.households_with_several_stoves
    assert (several.households, several.stoves, several.stove_days_removed) == (200, 500, 63_900)
    assert r.er_tco2e == pytest.approx(171.7560936, abs=1e-7)
    assert r.er_issuable_tco2e == 171
    per_stove = r.stove_days_raw * r.verification.u_applied * PER_DAY  # what it used to credit
    assert per_stove == pytest.approx(271.98636192, abs=1e-8)
    assert sum(d.stove_days for d in r.by_district) == r.stove_days
    assert sum(r.stove_days_by_year.values()) == r.stove_days
    assert sum(c.stove_days for c in r.cohorts) == r.stove_days


@pytest.mark.parametrize(
    ("methodology", "extra"),
    [
        ("CDM AMS-II.G", ""),
        ("CDM AMS-II.G (KPT)", KPT),
        ("GS TPDDTEC v4", GS),
        ("GS TPDDTEC v4", GS + KPT),
    ],
    ids=["efficiency ratio", "KPT", "Gold Standard", "Gold Standard with KPT"],
)
def test_a_two_stove_household_is_credited_once_per_household_day(methodology, extra):
    p = params(extra, methodology)
    one = [(1, date(2024, 1, 1), None), (2, date(2024, 1, 1), None)]
    two = one + [(2, date(2024, 3, 1), None)]
    single = assemble_report(inputs(one), params=p, today=date(2026, 2, 1))
    double = assemble_report(inputs(two), params=p, today=date(2026, 2, 1))
    assert single.er_tco2e > 0
    assert double.er_tco2e == pytest.approx(single.er_tco2e, rel=1e-12)
    assert (double.stove_days, double.stove_days_raw) == (730, 1095)
    assert double.households_with_several_stoves.stove_days_removed == 365


def _days(installed: date, gone: date | None) -> set[date]:
    """The days of 2025 a stove installed in 2024 operates (within its 5-year life)."""
    last = YEAR[1] if gone is None else min(YEAR[1], gone - timedelta(days=1))
    first = max(installed, YEAR[0])
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


DAY = st.dates(date(2024, 6, 1), date(2025, 12, 31))
SPAN = st.tuples(DAY, st.none() | st.dates(date(2025, 1, 2), date(2026, 6, 1))).filter(
    lambda s: s[1] is None or s[1] > s[0]
)


@settings(max_examples=60, deadline=None)
@given(
    household=st.lists(SPAN, min_size=1, max_size=3),
    others=st.lists(SPAN, max_size=3),
    added=SPAN,
)
def test_adding_a_stove_never_raises_er_by_more_than_the_households_own_savings(
    household, others, added
):
    p = params()
    before = [(1, a, b) for a, b in household] + [(2 + i, a, b) for i, (a, b) in enumerate(others)]
    r0 = assemble_report(inputs(before), params=p, today=date(2026, 2, 1))
    r1 = assemble_report(inputs([*before, (1, *added)]), params=p, today=date(2026, 2, 1))
    u = r0.verification.u_applied
    covered = set().union(*(_days(a, b) for a, b in household))
    new_days = _days(*added) - covered  # household-days the new stove adds
    assert r1.er_tco2e - r0.er_tco2e <= len(new_days) * u * PER_DAY * (1 + 1e-9) + 1e-12
    # ... and never more than the household's own savings over the whole period
    assert r1.er_tco2e - r0.er_tco2e <= 365 * u * PER_DAY * (1 + 1e-9)
