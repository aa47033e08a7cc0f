"""A parameters file per methodology: its own keys refused by name when missing or out of range."""

from pathlib import Path

import pytest

from core.mrv.parameters import ParameterError, load_parameters, parse_parameters

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "methods"
FILES = {
    "CDM AMS-II.G": "efficiency_ratio.toml",
    "CDM AMS-II.G (KPT)": "kpt.toml",
    "GS TPDDTEC v4": "gold_standard.toml",
}


def text_of(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def refused(text: str) -> ParameterError:
    with pytest.raises(ParameterError) as caught:
        parse_parameters(text)
    return caught.value


@pytest.mark.parametrize(("methodology", "name"), FILES.items())
def test_each_example_file_loads_under_its_methodology(methodology, name):
    assert load_parameters(EXAMPLES / name).methodology == methodology


def cut_table(text: str, header: str) -> str:
    """The file without one table (its header and the lines up to the next blank line)."""
    lines, out, skipping = text.splitlines(), [], False
    for line in lines:
        if line.strip() == header:
            skipping = True
            continue
        if skipping and not line.strip():
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(
    ("name", "header", "key"),
    [
        ("kpt.toml", "[kpt]", "kpt"),
        ("gold_standard.toml", "[ef_co2_tco2_per_tj]", "ef_co2_tco2_per_tj"),
        ("gold_standard.toml", "[ef_nonco2_tco2e_per_tj]", "ef_nonco2_tco2e_per_tj"),
        ("efficiency_ratio.toml", "[fnrb]", "fnrb"),
        ("kpt.toml", "[ncv_tj_per_t]", "ncv_tj_per_t"),
    ],
)
def test_a_missing_key_is_refused_by_name(name, header, key):
    error = refused(cut_table(text_of(name), header))
    assert error.key == key
    assert "missing key" in str(error)


@pytest.mark.parametrize(
    ("name", "old", "new", "key"),
    [
        ("kpt.toml", 'baseline_campaign = "KPT-2024-BASE"\n', "", "kpt.baseline_campaign"),
        ("kpt.toml", "max_baseline_age_years = 5", "max_baseline_age_years = 7",
         "kpt.max_baseline_age_years"),
        ("kpt.toml", "share = 1.0", "share = 1.2", "cohorts.commissioning.2025.share"),
        ("kpt.toml", "usage_by_cohort = true", 'usage_by_cohort = "yes"',
         "cohorts.usage_by_cohort"),
        ("gold_standard.toml", "value = 9.46", "value = -9.46", "ef_nonco2_tco2e_per_tj"),
        ("gold_standard.toml", "value = 112.0", "value = 0", "ef_co2_tco2_per_tj"),
        ("efficiency_ratio.toml", '0.25\nunit = "fraction"\nsource = "MoFuSS',
         '1.25\nunit = "fraction"\nsource = "MoFuSS',
         "fnrb_periods[0].value"),
        ("efficiency_ratio.toml", "valid_to = 2025-12-31", "valid_to = 2025-01-31",
         "fnrb_periods[0].valid_to"),
        ("efficiency_ratio.toml", "installed_from = 2025", "installed_from = 25",
         "eta_new_by_model[0].installed_from"),
        ("efficiency_ratio.toml", '0.30\nunit = "fraction"\nsource = "Water',
         '1.30\nunit = "fraction"\nsource = "Water', "eta_new_by_model[0].value"),
        ("efficiency_ratio.toml", "eta_new = [0.30]", "eta_new = [1.5]", "sensitivity.eta_new"),
        ("efficiency_ratio.toml", 'methodology = "CDM AMS-II.G"', 'methodology = "CDM AMS-II.H"',
         "methodology"),
    ],
)  # fmt: skip
def test_a_value_out_of_range_is_refused_by_name(name, old, new, key):
    text = text_of(name)
    assert old in text
    error = refused(text.replace(old, new, 1))
    assert error.key == key, str(error)


def test_unknown_keys_inside_an_option_table_are_refused_by_name():
    text = text_of("kpt.toml").replace("[kpt]\n", '[kpt]\nbaseline_camapign = "x"\n')
    assert refused(text).key == "kpt.baseline_camapign"


def test_charcoal_is_counted_directly_or_four_to_one():
    base = text_of("kpt.toml")
    direct = parse_parameters(
        base + '\n[charcoal]\nmode = "direct_ef"\nncv_tj_per_t = 0.0295\nef_tco2_per_tj = 112.0\n'
        'source = "IPCC 2006 charcoal"\n'
    )
    assert direct.options is not None and direct.options.charcoal is not None
    assert direct.options.charcoal.mode == "direct_ef"
    bad = base + '\n[charcoal]\nmode = "guess"\nsource = "s"\n'
    assert refused(bad).key == "charcoal.mode"
