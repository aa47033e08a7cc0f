"""The ICVCM integrity conditions of mrv.md by hand: pass, fail or not assessed, with evidence."""

from dataclasses import replace
from datetime import date, timedelta
from importlib import resources

import pytest

from core.mrv.ccp import (
    CCP,
    FAIL,
    NOT_ASSESSED,
    NOT_CCP,
    PASS,
    issuance_record,
    methodology_status,
)
from core.mrv.evidence import refuse_stale_fnrb
from core.mrv.integrity import IntegrityFacts, OverlapFacts, assess
from core.mrv.methods import compute_er
from core.mrv.methods.cells import DayCell
from core.mrv.methods.context import Context
from core.mrv.methods.kpt import BASELINE, PROJECT, KptDay, summarise_campaign
from core.mrv.parameters import ParameterError, Parameters, parse_parameters

DEFAULTS = resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
S_DEFAULT = 0.0096 * (1 - 0.10 / 0.25)  # t per stove-day, the efficiency ratio's
NO_OVERLAP_YET = OverlapFacts(None, 0, 0, 0, 0, 0)
CHECKED = OverlapFacts(date(2026, 1, 15), 0, 0, 0, 0, 0)


def params(extra: str = "", *, replace_text: tuple[str, str] | None = None) -> Parameters:
    """The packaged defaults, with one text replaced and tables appended."""
    text = DEFAULTS if replace_text is None else DEFAULTS.replace(*replace_text)
    assert replace_text is None or text != DEFAULTS
    return parse_parameters(text + "\n" + extra)


def campaign(phase: str, mean: float, last_day: date, *, charcoal: float = 0.0):
    """A campaign of 40 households weighed 3 days each, all at `mean` (sd 0: passes 90/10)."""
    days = [
        KptDay("C", phase, f"h{i}", last_day - timedelta(days=d), mean, charcoal, 5)
        for i in range(40)
        for d in range(3)
    ]
    return summarise_campaign(
        "C", phase, days, confidence=0.9, target_precision=0.1, wood_per_charcoal=4.0
    )


def facts(**overrides) -> IntegrityFacts:
    """A 2025 report under the efficiency ratio, fNRB 0.3 all year, the overlap list checked."""
    values = {
        "period_start": YEAR[0],
        "period_end": YEAR[1],
        "fnrb_by_days": [(YEAR[0], YEAR[1], 0.3)],
        "uses_kpt": False,
        "campaigns": (),
        "kpt_savings_t": None,
        "default_savings_t": S_DEFAULT,
        "kpt_problem": None,
        "charcoal_weighed": False,
        "overlap": CHECKED,
        "transport_tco2e": 0.0,
    }
    values.update(overrides)
    return IntegrityFacts(**values)


def condition(p: Parameters, name: str, **overrides):
    found = {c.name: c for c in assess(p, facts(**overrides)).conditions}
    return found[name]


def cross_checked(saving_kg: float, last_day: date) -> dict:
    base, proj = campaign(BASELINE, 9.6, last_day), campaign(PROJECT, 9.6 - saving_kg, last_day)
    return {"campaigns": (base, proj), "kpt_savings_t": saving_kg / 1000}


def test_every_condition_of_mrv_md_is_listed_in_order():
    names = [c.name for c in assess(params(), facts()).conditions]
    assert names == [
        "fnrb", "fuel_use", "baseline_reassessed", "technical_life", "transport_emissions",
        "overlap", "charcoal",
    ]  # fmt: skip


# 1. fNRB
def test_fnrb_the_cdm_default_passes_until_its_valid_until_with_its_evidence():
    c = condition(params(), "fnrb")
    assert c.result == PASS
    assert "CDM default" in c.evidence and "valid until 2027-12-31" in c.evidence


def test_fnrb_the_cdm_default_past_its_valid_until_fails_and_shows_why_it_was_used():
    p = params(
        replace_text=(
            "valid_until = 2027-12-31",
            'valid_until = 2025-06-30\npast_valid_until_reason = "MoFuSS value in review"',
        )
    )
    c = condition(p, "fnrb")
    assert c.result == FAIL
    assert "MoFuSS value in review" in c.evidence


def test_fnrb_from_mofuss_passes_and_a_national_value_fails():
    mofuss = params(replace_text=('basis = "CDM default"', 'basis = "MoFuSS"'))
    national = params(replace_text=('basis = "CDM default"', 'basis = "national"'))
    assert condition(mofuss, "fnrb").result == PASS
    assert condition(national, "fnrb").result == FAIL


def test_fnrb_without_a_stated_basis_is_not_assessed():
    p = params(replace_text=('basis = "CDM default"\n', ""))
    assert condition(p, "fnrb").result == NOT_ASSESSED


def test_fnrb_a_dated_mofuss_value_is_judged_on_its_own_days():
    p = params(
        "[[fnrb_periods]]\nvalid_from = 2025-07-01\nvalid_to = 2025-12-31\nvalue = 0.25\n"
        'unit = "fraction"\nsource = "MoFuSS run for Cusco"\nbasis = "MoFuSS"\narea = "Cusco"\n'
        "vintage = 2024\n"
    )
    segments = [(YEAR[0], date(2025, 6, 30), 0.3), (date(2025, 7, 1), YEAR[1], 0.25)]
    c = condition(p, "fnrb", fnrb_by_days=segments)
    assert c.result == PASS
    assert "MoFuSS run for Cusco" in c.evidence and "area Cusco" in c.evidence


def test_fnrb_days_past_valid_until_are_refused_unless_the_file_says_why():
    stale = params(replace_text=("valid_until = 2027-12-31", "valid_until = 2025-06-30"))
    options = stale.options
    assert options is not None
    with pytest.raises(ParameterError, match="from 2025-07-01") as refused:
        refuse_stale_fnrb(options.fnrb_evidence, options.fnrb_periods, *YEAR)
    assert refused.value.key == "fnrb.valid_until"
    refuse_stale_fnrb(options.fnrb_evidence, options.fnrb_periods, YEAR[0], date(2025, 6, 30))
    explained = params(
        replace_text=(
            "valid_until = 2027-12-31",
            'valid_until = 2025-06-30\npast_valid_until_reason = "registry extension"',
        )
    )
    assert explained.options is not None
    refuse_stale_fnrb(explained.options.fnrb_evidence, (), *YEAR)  # no refusal


# 2. Fuel use
def test_fuel_use_measured_by_kpt_passes():
    base, proj = campaign(BASELINE, 9.6, date(2024, 8, 3)), campaign(PROJECT, 5.2, date(2025, 3, 3))
    c = condition(params(), "fuel_use", uses_kpt=True, campaigns=(base, proj))
    assert c.result == PASS
    assert "kitchen performance tests" in c.evidence


def test_fuel_use_defaults_without_a_cross_check_fail():
    c = condition(params(), "fuel_use")
    assert c.result == FAIL
    assert "without a KPT cross-check" in c.evidence


def test_fuel_use_defaults_pass_with_a_recent_kpt_saving_at_least_the_defaults():
    assert condition(params(), "fuel_use", **cross_checked(6.0, date(2024, 8, 3))).result == PASS


def test_fuel_use_defaults_fail_when_the_kpt_saving_is_below_them_or_too_old():
    below = condition(params(), "fuel_use", **cross_checked(5.0, date(2024, 8, 3)))
    old = condition(params(), "fuel_use", **cross_checked(6.0, date(2020, 12, 30)))
    broken = condition(params(), "fuel_use", kpt_problem="campaign 'X' has no measurements")
    assert (below.result, old.result, broken.result) == (FAIL, FAIL, FAIL)
    assert "below the default" in below.evidence
    assert "has no measurements" in broken.evidence


# 3. Baseline reassessed within 5 years before the period's end
def test_baseline_without_any_assessment_is_not_assessed():
    assert condition(params(), "baseline_reassessed").result == NOT_ASSESSED


@pytest.mark.parametrize(("day", "result"), [("2020-12-31", PASS), ("2020-12-30", FAIL)])
def test_baseline_assessed_on_is_counted_back_from_the_periods_end(day, result):
    p = params(f'[baseline]\nassessed_on = {day}\nsource = "Microsol survey"\n')
    c = condition(p, "baseline_reassessed")
    assert c.result == result
    assert "Microsol survey" in c.evidence


def test_baseline_a_kpt_baseline_campaign_counts_as_a_reassessment():
    base = campaign(BASELINE, 9.6, date(2024, 8, 3))
    c = condition(params(), "baseline_reassessed", campaigns=(base,))
    assert c.result == PASS
    assert "2024-08-03" in c.evidence


# 4. Technical life, 5. transport
def test_technical_life_is_enforced_and_stated():
    c = condition(params(), "technical_life")
    assert c.result == PASS
    assert "5 years" in c.evidence


def test_transport_negligible_with_a_reason_passes():
    c = condition(params(), "transport_emissions")
    assert c.result == PASS
    assert c.evidence.startswith("negligible: Firewood is gathered")


def test_transport_a_stated_figure_is_deducted_and_shown():
    text = DEFAULTS.split("[transport_emissions]")[0]
    p = parse_parameters(
        text + '[transport_emissions]\ntco2e_per_stove_year = 0.01\nsource = "truck survey"\n'
    )
    c = assess(p, facts(transport_tco2e=1.25)).conditions[4]
    assert (c.name, c.result) == ("transport_emissions", PASS)
    assert "1.2500 tCO2e" in c.evidence and "truck survey" in c.evidence
    missing = parse_parameters(text)
    assert condition(missing, "transport_emissions").result == NOT_ASSESSED


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("negligible = true\n", "transport_emissions.reason"),
        (
            'negligible = true\nreason = "x"\ntco2e_per_stove_year = 1\n',
            "transport_emissions.tco2e_per_stove_year",
        ),
        ('source = "x"\n', "transport_emissions"),
        ("tco2e_per_stove_year = 0.1\n", "transport_emissions.source"),
    ],
)  # fmt: skip
def test_transport_statement_needs_a_reason_or_a_sourced_figure(table, key):
    text = DEFAULTS.split("[transport_emissions]")[0] + "[transport_emissions]\n" + table
    with pytest.raises(ParameterError) as refused:
        parse_parameters(text)
    assert refused.value.key == key


# 6. Overlap
def test_overlap_not_imported_is_not_assessed():
    assert condition(params(), "overlap", overlap=NO_OVERLAP_YET).result == NOT_ASSESSED


def test_overlap_imported_before_the_period_ended_fails_and_after_passes_with_counts():
    before = replace(CHECKED, last_imported_on=date(2025, 12, 31))
    after = OverlapFacts(date(2026, 1, 15), 2, 2, 365, 100, 415)
    assert condition(params(), "overlap", overlap=before).result == FAIL
    c = condition(params(), "overlap", overlap=after)
    assert c.result == PASS
    assert "365 stove-days excluded, 100 discounted, 415 removed" in c.evidence


# 7. Charcoal
def test_charcoal_by_the_default_four_to_one_or_a_direct_factor_passes():
    assert condition(params(), "charcoal").result == PASS
    assert "4:1" in condition(params(), "charcoal", charcoal_weighed=True).evidence
    direct = params(
        '[charcoal]\nmode = "direct_ef"\nncv_tj_per_t = 0.0295\nef_tco2_per_tj = 112.0\n'
        'source = "IPCC 2006"\n'
    )
    assert condition(direct, "charcoal").result == PASS


def test_charcoal_at_another_ratio_fails():
    p = params('[charcoal]\nmode = "wood_equivalent"\nwood_per_charcoal = 3.0\nsource = "x"\n')
    assert condition(p, "charcoal").result == FAIL


# The methodology's status, as data, and the label an issuance may carry
def test_each_methodology_option_carries_its_decision_date_and_source():
    ams = methodology_status("CDM AMS-II.G", "13.1")
    assert (ams.status, ams.decided_on, ams.approved) == ("rejected", "2025-03-07", False)
    assert methodology_status("CDM AMS-II.G (KPT)", "13.1").status == "rejected"
    v4 = methodology_status("GS TPDDTEC v4", "4.0")
    assert (v4.status, v4.decided_on) == ("approved with conditions", "2025-03-07")
    assert v4.approved
    assert "Gold Standard" in v4.source
    assert methodology_status("GS TPDDTEC v4", "3.1").decided_on == "2025-06"
    assert not methodology_status("GS TPDDTEC v4", "9.9").approved


def section(methodology: str, version: str, results: list[str]) -> dict:
    status = methodology_status(methodology, version)
    return {
        "methodology_status": {
            "status": status.status,
            "decided_on": status.decided_on,
            "source": status.source,
        },
        "conditions": [
            {"name": f"c{i}", "result": r, "evidence": ""} for i, r in enumerate(results)
        ],
        "all_passed": all(r == PASS for r in results),
    }


def test_an_issuance_under_ams_ii_g_is_not_ccp_even_when_every_condition_passes():
    label, record = issuance_record(section("CDM AMS-II.G", "13.1", [PASS] * 7))
    assert label == NOT_CCP
    assert '"methodology_approved":false' in record and '"all_passed":true' in record


def test_an_issuance_is_ccp_only_under_an_approved_methodology_with_every_condition_passed():
    assert issuance_record(section("GS TPDDTEC v4", "4.0", [PASS] * 7))[0] == CCP
    assert issuance_record(section("GS TPDDTEC v4", "4.0", [PASS] * 6 + [FAIL]))[0] == NOT_CCP
    unassessed = section("GS TPDDTEC v4", "4.0", [NOT_ASSESSED] + [PASS] * 6)
    assert issuance_record(unassessed)[0] == NOT_CCP
    forged = section("GS TPDDTEC v4", "4.0", [FAIL] * 7) | {"all_passed": True}
    assert issuance_record(forged)[0] == NOT_CCP
    assert issuance_record(None)[0] == NOT_CCP


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("valid_until = 2027-12-31", 'valid_until = "2027"', "fnrb.valid_until"),
        ("valid_until = 2027-12-31", 'past_valid_until_reason = "x"',
         "fnrb.past_valid_until_reason"),
        ('basis = "CDM default"', "basis = 3", "fnrb.basis"),
        ('value = 0.04\nbasis = "national"', 'value = 1.5\nbasis = "national"',
         "fnrb.alternatives[0].value"),
    ],
)  # fmt: skip
def test_fnrb_evidence_is_refused_by_name(old, new, key):
    with pytest.raises(ParameterError) as refused:
        params(replace_text=(old, new))
    assert refused.value.key == key


def test_a_stated_transport_figure_is_deducted_from_each_cells_er_per_stove_year():
    text = DEFAULTS.split("[transport_emissions]")[0]
    stated = parse_parameters(
        text + '[transport_emissions]\ntco2e_per_stove_year = 0.01\nsource = "truck survey"\n'
    )
    cells = [
        DayCell("Acomayo", "open_fire", 2024, "", 2024, 0.3, 366),  # a leap year: one stove-year
        DayCell("Acomayo", "open_fire", 2024, "", 2025, 0.3, 730),  # two stove-years
    ]
    before = compute_er(cells, {2024: 1.0}, Context(params()))
    after = compute_er(cells, {2024: 1.0}, Context(stated))
    assert after.transport_tco2e == pytest.approx(0.03, rel=1e-12)
    assert after.er_tco2e == pytest.approx(before.er_tco2e - 0.03, rel=1e-12)
    assert before.transport_tco2e == 0.0
