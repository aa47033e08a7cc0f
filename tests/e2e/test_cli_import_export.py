"""The real `qoncha households import` and `qoncha export` commands on files as people make them."""

from pathlib import Path

import pytest
from gateway_support import invoke

from core.settings import Settings

HEADER = (
    "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
    "baseline_stove"
)
GOOD_ROWS = [
    "ABC-123,Familia Quispe Mamani,987654321,Ayaviri,Umachiri,2025-11-20,-14.88,-70.59,open_fire",
    "XYZ789,Familia Huanca,+51912345678,Ayaviri,Nuñoa,2025-11-21,,,traditional_stove",
]


def write(
    tmp_path: Path, *lines: str, name: str = "households.csv", encoding: str = "utf-8"
) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_import_reports_bad_rows_by_line_imports_the_rest_and_exits_1(
    settings: Settings, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        HEADER,
        GOOD_ROWS[0],
        "BAD2,Familia Condori,,Ayaviri,,20/11/2025,,,open_fire",
        GOOD_ROWS[1],
        "BAD4,Familia Ccama,,Ayaviri,,2025-11-20,200,-70,charcoal",
    )

    result = invoke(settings, "households", "import", str(path))

    assert result.exit_code == 1
    assert result.stdout == "households import: 2 created, 0 updated, 0 unchanged, 2 errors\n"
    assert result.stderr.splitlines() == [
        "line 3: installed_on '20/11/2025' is not a date in YYYY-MM-DD form",
        "line 5: latitude 200 is outside -90..90; baseline_stove is 'charcoal', not one of "
        "open_fire, traditional_stove, other",
    ]


def test_importing_the_same_file_again_changes_nothing_and_exits_0(
    settings: Settings, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER, *GOOD_ROWS)

    first = invoke(settings, "households", "import", str(path))
    second = invoke(settings, "households", "import", str(path))

    assert (first.exit_code, first.stderr) == (0, "")
    assert first.stdout == "households import: 2 created, 0 updated, 0 unchanged, 0 errors\n"
    assert (second.exit_code, second.stderr) == (0, "")
    assert second.stdout == "households import: 0 created, 0 updated, 2 unchanged, 0 errors\n"


def test_import_reads_excel_semicolon_files_with_a_bom(settings: Settings, tmp_path: Path) -> None:
    rows = [line.replace(",", ";") for line in [HEADER.upper(), *GOOD_ROWS]]
    # Excel in Spanish locales writes decimal commas in semicolon files.
    rows[1] = rows[1].replace("-14.88;-70.59", "-14,88;-70,59")
    path = write(tmp_path, *rows, encoding="utf-8-sig")

    result = invoke(settings, "households", "import", str(path))

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("households import: 2 created,")


def test_import_reads_tab_separated_files_and_numbers_rows_by_their_first_line(
    settings: Settings, tmp_path: Path
) -> None:
    header = " Stove_Code \t" + "\t".join(HEADER.split(",")[1:]).upper()
    lines = [
        header,
        GOOD_ROWS[0].replace(",", "\t"),  # line 2
        'BAD3\tFamilia Ccama\t\tAyaviri\t"Umachiri',  # lines 3-4: one record
        'alta"\t2025-11-20\t\t\tgas',
    ]
    path = write(tmp_path, *lines, name="households.tsv")

    result = invoke(settings, "households", "import", str(path))

    assert result.exit_code == 1
    assert result.stderr == (
        "line 3: baseline_stove is 'gas', not one of open_fire, traditional_stove, other\n"
    )
    assert result.stdout == "households import: 1 created, 0 updated, 0 unchanged, 1 errors\n"


def test_import_warns_when_a_phone_moves_to_another_household(
    settings: Settings, tmp_path: Path
) -> None:
    invoke(settings, "households", "import", str(write(tmp_path, HEADER, *GOOD_ROWS)))
    moved = GOOD_ROWS[1].replace("+51912345678", "987 654 321")

    result = invoke(settings, "households", "import", str(write(tmp_path, HEADER, moved)))

    assert result.exit_code == 0
    assert result.stderr == (
        "line 2: warning: phone +51******321 moved here from the household of stove ABC123\n"
    )
    assert result.stdout == "households import: 0 created, 1 updated, 0 unchanged, 0 errors\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER.replace(",phone", "") + "\n", "qoncha: missing column: phone\n"),
        ("stove_code;household_name\n", "qoncha: missing column"),
        ("", "qoncha: households.csv is empty: expected a header line\n"),
        (HEADER + ",phone\n", "qoncha: column given twice: phone\n"),
    ],
)
def test_import_refuses_a_file_without_the_required_columns(
    settings: Settings, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "households.csv"
    path.write_text(content, encoding="utf-8")

    result = invoke(settings, "households", "import", str(path))

    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stdout == ""


def test_import_refuses_a_file_that_is_not_utf8_before_writing_anything(
    settings: Settings, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER, *GOOD_ROWS, encoding="cp1252")

    result = invoke(settings, "households", "import", str(path))
    export = invoke(settings, "export", "usage")

    assert result.exit_code == 1
    assert result.stderr == (
        "qoncha: households.csv line 3 is not UTF-8 text "
        "(in Excel choose 'CSV UTF-8' when saving)\n"
    )
    assert export.stdout.count("\n") == 1  # the header only


def test_import_help_documents_the_exit_status(settings: Settings) -> None:
    result = invoke(settings, "households", "import", "--help")

    assert result.exit_code == 0
    assert "some rows were not imported" in result.stdout
    assert "line N: reason" in result.stdout


def test_export_writes_to_a_file_and_leaves_no_partial_file(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()

    messages = invoke(
        settings, "export", "messages", "--format", "jsonl", "--out", str(folder / "messages.jsonl")
    )
    usage = invoke(settings, "export", "usage", "--out", str(folder / "usage.csv"))

    assert (messages.exit_code, messages.stdout, messages.stderr) == (0, "", "")
    assert (folder / "messages.jsonl").read_text(encoding="utf-8") == ""
    assert (usage.exit_code, usage.stdout, usage.stderr) == (0, "", "")
    header = (folder / "usage.csv").read_text(encoding="utf-8").splitlines()
    assert header == [
        "id,stove_code,week,days_used,open_fire_days,source,provider,source_id,reported_at,"
        "superseded_by"
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["messages.jsonl", "usage.csv"]


def test_export_to_a_missing_folder_fails_with_one_line(settings: Settings, tmp_path: Path) -> None:
    result = invoke(settings, "export", "usage", "--out", str(tmp_path / "missing" / "usage.csv"))

    assert result.exit_code == 1
    assert result.stderr.startswith("qoncha: cannot write ")
    assert result.stderr.count("\n") == 1
