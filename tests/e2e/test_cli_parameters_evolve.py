"""Parameter files written before keys were added keep working, and cross-checks apply to
what a period uses, through the real `qoncha` commands."""

import json
import re
from importlib import resources
from pathlib import Path

from tests.e2e.gateway_support import invoke
from tests.support import make_settings

ADDED = ("eta_old_traditional_stove", "expected_usage_rate", "sample_reserve", "n_min")
HEADER = "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
HEADER += "baseline_stove"


def contract_file(tmp_path: Path, eta_new: str = "0.25") -> Path:
    """The packaged file with exactly the keys of the methodology document (none added later)."""
    text = resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")
    for key in ADDED:
        text = re.sub(rf"\n\[{key}\]\n(?:[^\[\n].*\n?)*", "\n", text)
    text = text.replace("[eta_new]\nvalue = 0.25", f"[eta_new]\nvalue = {eta_new}")
    assert all(f"[{key}]" not in text for key in ADDED)
    path = tmp_path / "parameters.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_with_the_keys_of_mrv_md_is_shown_with_the_added_keys_defaulted(
    tmp_path: Path,
) -> None:
    settings = make_settings(
        f"sqlite:///{tmp_path / 'unused.sqlite3'}", QONCHA_PARAMETERS=str(contract_file(tmp_path))
    )
    shown = invoke(settings, "parameters", "show")
    assert shown.exit_code == 0, shown.stderr
    assert re.search(r"^n_min\s+30\s+stoves\s+\[defaulted\] ", shown.stdout, re.MULTILINE)
    assert re.search(r"^fnrb\s+0\.3\s+fraction\s+CDM default", shown.stdout, re.MULTILINE)
    assert shown.stdout.splitlines()[-1].endswith(": " + ", ".join(ADDED))
    as_json = json.loads(invoke(settings, "parameters", "show", "--format", "json").stdout)
    assert as_json["defaulted"] == list(ADDED)
    assert as_json["parameters"]["n_min"]["defaulted"] is True


def test_eta_new_below_the_traditional_stove_is_refused_only_when_such_a_stove_is_credited(
    db_url: str, tmp_path: Path
) -> None:
    settings = make_settings(
        db_url, QONCHA_PARAMETERS=str(contract_file(tmp_path, eta_new="0.1635"))
    )
    households = tmp_path / "households.csv"
    households.write_text(
        HEADER + "\nS0001,Familia Uno,,Ayaviri,Umachiri,2025-01-01,,,open_fire\n", encoding="utf-8"
    )
    assert invoke(settings, "households", "import", str(households)).exit_code == 0
    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    accepted = invoke(settings, "report", *period)
    assert accepted.exit_code == 0, accepted.stderr
    report = json.loads(accepted.stdout)
    assert report["parameters"]["eta_new"]["value"] == 0.1635
    assert any(note.endswith(", ".join(ADDED)) for note in report["notes"])

    households.write_text(
        HEADER + "\nS0002,Familia Dos,,Ayaviri,Umachiri,2025-03-01,,,traditional_stove\n",
        encoding="utf-8",
    )
    assert invoke(settings, "households", "import", str(households)).exit_code == 0
    refused = invoke(settings, "report", *period)
    assert refused.exit_code == 1
    assert refused.stderr == (
        "qoncha: eta_new: value 0.1635 must exceed eta_old_traditional_stove 0.2, "
        "the baseline of stoves in this period\n"
    )
