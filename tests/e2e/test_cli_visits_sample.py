"""From the field's CSV files to the verification sample, through the real `qoncha` commands."""

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from conftest import make_settings
from gateway_support import invoke

from core.settings import Settings

HOUSEHOLDS = [
    "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
    "baseline_stove,decommissioned_on",
    "ANT-001,Familia Quispe,,Anta,Ccollana,2025-01-10,-13.47,-72.15,open_fire,",
    "ANT-002,Familia Huaman,,Anta,Ccollana,2025-01-11,,,open_fire,",
    "ANT-003,Familia Mamani,,Anta,Pucyura,2025-01-12,,,open_fire,",
    "ANT-004,Familia Condori,,Anta,Pucyura,2025-02-01,,,traditional_stove,",
    "LIM-001,Familia Ccama,,Limatambo,Marcahuasi,2025-01-20,,,open_fire,",
    "LIM-002,Familia Huanca,,Limatambo,Marcahuasi,2025-01-21,,,open_fire,",
    "OLD-001,Familia Apaza,,Limatambo,Marcahuasi,2024-01-01,,,open_fire,2024-12-01",
]
VISITS = [
    "stove_code;visited_on;in_use;condition;open_fire_in_use;surveyor;latitude;longitude;notes",
    "ant 001;2025-03-04;Sí;good;no;Ana Quispe;-13,47;-72,15;cocina limpia",
    "ANT-002;2025-03-04;NO;needs repair;;Ana Quispe;;;",
    "ZZZ-999;2025-03-04;si;good;;Ana Quispe;;;",  # line 4: unknown stove
    "ANT-004;2025-01-15;si;good;;Ana Quispe;;;",  # line 5: before installation
    "LIM-001;2099-01-01;si;good;;Luis Ccama;;;",  # line 6: in the future
    "LIM-002;2025-03-05;quizas;good;;Luis Ccama;;;",  # line 7: not yes/no
    "LIM-002;2025-03-06;1;good;0;Luis Ccama;-95;-72;",  # line 8: latitude out of range
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def import_households(settings: Settings, tmp_path: Path) -> None:
    """Six stoves active in 2025 (Anta 4, Limatambo 2) and one decommissioned in 2024."""
    households = write(tmp_path / "households.csv", HOUSEHOLDS)
    imported = invoke(settings, "households", "import", str(households))
    assert imported.exit_code == 0, imported.output


def test_visits_import_reports_bad_rows_by_line_and_is_idempotent(
    db_url: str, tmp_path: Path
) -> None:
    settings = make_settings(db_url)
    import_households(settings, tmp_path)
    visits = write(tmp_path / "visits.csv", VISITS)

    first = invoke(settings, "visits", "import", str(visits))

    assert first.exit_code == 1
    assert first.stdout == "visits import: 2 created, 0 updated, 0 unchanged, 5 errors\n"
    errors = first.stderr.splitlines()
    assert errors[:2] == [
        "line 4: unknown stove_code ZZZ999",
        "line 5: visited_on 2025-01-15 is before the stove was installed (2025-02-01)",
    ]
    assert errors[2].startswith("line 6: visited_on 2099-01-01 is in the future (today is ")
    assert errors[3:] == [
        "line 7: in_use is 'quizas', not yes/no (si/no, true/false, 1/0)",
        "line 8: latitude -95 is outside -90..90",
    ]
    again = invoke(settings, "visits", "import", str(visits))
    assert again.stdout == "visits import: 0 created, 0 updated, 2 unchanged, 5 errors\n"

    fixed = write(tmp_path / "fixed.csv", [VISITS[0], VISITS[2].replace("NO;", "si;")])
    corrected = invoke(settings, "visits", "import", str(fixed))
    assert (corrected.exit_code, corrected.stderr) == (0, "")
    assert corrected.stdout == "visits import: 0 created, 1 updated, 0 unchanged, 0 errors\n"


def test_sample_draw_refusal_replacement_and_show(db_url: str, tmp_path: Path) -> None:
    settings = make_settings(db_url)
    import_households(settings, tmp_path)
    visits = [VISITS[0], VISITS[1], VISITS[2].replace("NO;", "si;")]
    assert (
        invoke(settings, "visits", "import", str(write(tmp_path / "v.csv", visits))).exit_code == 0
    )

    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    drawn = invoke(settings, "sample", "draw", *period, "--seed", "42", "--by", "Rosa")
    assert drawn.exit_code == 0, drawn.output
    # 6 active stoves (OLD-001 was decommissioned in 2024), far fewer than the 95 the
    # defaults ask for: the whole population is the sample.
    assert "6 stoves (6 main + 0 reserve), method auto, seed 42" in drawn.stdout
    assert "asked for 95 stoves, 6 are active: the sample is the whole population" in drawn.stdout

    refused = invoke(settings, "sample", "draw", *period)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("qoncha: a sample is already in force for 2025-01-01..")
    assert "use --replace" in refused.stderr and refused.stderr.count("\n") == 1
    # The same draw asked for again (a script run twice) is the one in force: nothing to do.
    same = invoke(settings, "sample", "draw", *period, "--seed", "42")
    assert (same.exit_code, same.stdout) == (
        0,
        "sample #1 for 2025-01-01..2025-12-31 is already drawn with seed 42: unchanged\n",
    )
    other_seed = invoke(settings, "sample", "draw", *period, "--seed", "43")
    fixed_size = invoke(settings, "sample", "draw", *period, "--seed", "42", "--size", "6")
    assert (other_seed.exit_code, fixed_size.exit_code) == (1, 1)

    replaced = invoke(
        settings, "sample", "draw", *period, "--size", "6", "--seed", "7", "--replace"
    )
    assert replaced.exit_code == 0, replaced.output
    assert "replaces sample #1, which stays on record" in replaced.stdout

    shown = invoke(settings, "sample", "show")
    assert shown.exit_code == 0, shown.output
    assert "sample #2 for 2025-01-01..2025-12-31" in shown.stdout
    assert "seed: 7" in shown.stdout and "by Rosa" not in shown.stdout
    assert "replaces: sample #1 (kept on record)" in shown.stdout
    # district, main, reserve, visited, remaining: Anta's ANT-001 and ANT-002 were visited.
    assert re.search(r"^Anta\s+4\s+0\s+2\s+2$", shown.stdout, re.MULTILINE)
    assert re.search(r"^Limatambo\s+2\s+0\s+0\s+2$", shown.stdout, re.MULTILINE)
    assert re.search(
        r"^ANT001\s+Anta\s+Ccollana\s+Familia Quispe\s+2025-03-04$", shown.stdout, re.MULTILINE
    )

    as_csv = invoke(settings, "sample", "show", *period, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert sorted(r["stove_code"] for r in rows) == [
        "ANT001", "ANT002", "ANT003", "ANT004", "LIM001", "LIM002",
    ]  # fmt: skip
    visited = {r["stove_code"]: (r["visited_on"], r["in_use"]) for r in rows if r["visited_on"]}
    assert visited == {"ANT001": ("2025-03-04", "yes"), "ANT002": ("2025-03-04", "yes")}

    none_yet = invoke(settings, "sample", "show", "--from", "2026-01-01", "--to", "2026-06-30")
    assert none_yet.exit_code == 1
    assert none_yet.stderr == (
        "qoncha: no sample in force for 2026-01-01..2026-06-30; "
        "draw one with 'qoncha sample draw'\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("stove_code,visited_on,in_use\n", "qoncha: missing column: condition\n"),
        ("", "qoncha: visits.csv is empty: expected a header line\n"),
        (None, "qoncha: cannot read visits.csv: No such file or directory\n"),
        (
            "stove_code,visited_on,in_use,condition,notes\nANT-001,2025-03-04,sí,good,caña\n",
            "qoncha: visits.csv line 2 is not UTF-8 text "
            "(in Excel choose 'CSV UTF-8' when saving)\n",
        ),
    ],
)
def test_visits_import_refuses_an_unreadable_file_in_one_line(
    tmp_path: Path, content: str | None, message: str
) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    path = tmp_path / "visits.csv"
    if content is not None:
        path.write_bytes(content.encode("cp1252"))
    result = invoke(settings, "visits", "import", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_visits_import_numbers_rows_by_the_file_line_they_start_on(
    db_url: str, tmp_path: Path
) -> None:
    settings = make_settings(db_url)
    import_households(settings, tmp_path)
    lines = [
        VISITS[0].replace(";", ","),
        'ANT-001,2025-03-04,si,good,,Ana,,,"two-line',  # lines 2-3: one record
        'note"',
        "",  # line 4: blank, skipped
        "ANT-002,2025-03-04,si,good,,Ana,,,a,b",  # line 5: an unquoted comma in the notes
        "ANT-003,2025-03-04,si,good",  # line 6: trailing empty cells dropped by a spreadsheet
    ]
    result = invoke(settings, "visits", "import", str(write(tmp_path / "v.csv", lines)))
    assert result.stderr == (
        "line 5: more fields than the header has columns (an unquoted delimiter?)\n"
    )
    assert result.stdout == "visits import: 2 created, 0 updated, 0 unchanged, 1 errors\n"


def test_sample_draw_refuses_a_period_ending_before_it_starts(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    result = invoke(settings, "sample", "draw", "--from", "2025-12-31", "--to", "2025-01-01")
    assert result.exit_code == 1
    assert result.stderr == "qoncha: --to 2025-01-01 is before --from 2025-12-31\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "01/01/2025", "--to", "2025-12-31"], "--from '01/01/2025' is not a date"),
        (["--from", "2025-01-01", "--to", "2025-12-31", "--size", "many"], "--size must be"),
        (["--from", "2025-01-01", "--to", "2025-12-31", "--seed", "-3"], "--seed must be from 0"),
    ],
)
def test_sample_draw_refuses_bad_options_in_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    result = invoke(settings, "sample", "draw", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"qoncha: {message}") and result.stderr.count("\n") == 1


def _defaults_text() -> str:
    return resources.files("core.mrv").joinpath("defaults.toml").read_text(encoding="utf-8")


def test_parameters_show_prints_each_value_with_unit_source_and_version(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    text = invoke(settings, "parameters", "show")
    assert (text.exit_code, text.stderr) == (0, "")
    assert text.stdout.startswith(
        "methodology: CDM AMS-II.G version 13.1\nfrom: packaged defaults\n"
    )
    assert re.search(r"^fnrb\s+0\.3\s+fraction\s+CDM default", text.stdout, re.MULTILINE)
    assert re.search(r"^technical_life_years\s+5\s+years\s", text.stdout, re.MULTILINE)

    as_json = json.loads(invoke(settings, "parameters", "show", "--format", "json").stdout)
    assert as_json["methodology"] == "CDM AMS-II.G" and as_json["file"] is None
    assert as_json["parameters"]["eta_new"] == {
        "value": 0.25,
        "unit": "fraction",
        "source": "Programme's stove test; warn below 0.25",
        "version": "13.1",
        "defaulted": False,
    }


def test_parameters_show_refuses_a_bad_file_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "parameters.toml"
    bad.write_text(_defaults_text().replace("value = 0.30", "value = 1.30"), encoding="utf-8")
    settings = make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}", QONCHA_PARAMETERS=str(bad))
    result = invoke(settings, "parameters", "show")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"qoncha: bad parameters file {bad}: fnrb: value 1.3 is outside [0, 1]\n"
    )


def test_parameters_show_warns_about_advisories_on_stderr(tmp_path: Path) -> None:
    low = tmp_path / "parameters.toml"
    low.write_text(_defaults_text().replace("value = 0.25", "value = 0.22"), encoding="utf-8")
    settings = make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}", QONCHA_PARAMETERS=str(low))
    result = invoke(settings, "parameters", "show")
    assert result.exit_code == 0
    assert result.stderr.startswith("qoncha: warning: eta_new 0.22 is below 0.25")
    assert f"from: {low}" in result.stdout
