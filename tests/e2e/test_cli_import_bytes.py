"""Bytes no database stores, or no UTF-8 reader reads, are refused by file and line in every import.

A NUL in a cell costs only its own row (PostgreSQL refuses NUL in text, and once lost the
whole batch of 500 rows without naming a line); a byte that is not UTF-8 refuses the file
before anything is written, naming the file and the line that holds it.
"""

from pathlib import Path

import pytest
from gateway_support import invoke

from core.settings import Settings

HOUSEHOLDS = [
    "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
    "baseline_stove",
    "ANT001,Familia Quispe,,Anta,Ccollana,2025-01-10,,,open_fire",
    "ANT002,Familia \0Huaman,,Anta,Ccollana,2025-01-11,,,open_fire",
    "ANT003,Familia Mamani,,Anta,Pucyura,2025-01-12,,,open_fire",
]
VISITS = [
    "stove_code,visited_on,in_use,condition,notes",
    "ANT001,2025-03-04,si,good,ok",
    "ANT003,2025-03-04,si,good,cocina\0 limpia",
    "ANT003,2025-03-05,si,good,ok",
]
KPT = [
    "campaign,phase,household,day,wood_kg,charcoal_kg,household_size",
    "K1,baseline,HH-1,2025-02-01,11.0,0,4",
    "K1\0,baseline,HH-1,2025-02-02,11.2,0,4",
    "K1,baseline,HH-1,2025-02-03,10.8,0,4",
]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("command", "lines", "message"),
    [
        ("households", HOUSEHOLDS, "line 3: household_name holds a NUL character"),
        ("visits", VISITS, "line 3: notes holds a NUL character"),
        ("kpt", KPT, "line 3: campaign holds a NUL character"),
    ],
)
def test_a_nul_in_a_cell_refuses_its_row_and_imports_the_others(
    settings: Settings, tmp_path: Path, command: str, lines: list[str], message: str
) -> None:
    if command != "households":
        assert invoke(settings, "households", "import", str(write(tmp_path, "h.csv", [
            HOUSEHOLDS[0], HOUSEHOLDS[1], HOUSEHOLDS[3]]))).exit_code == 0  # fmt: skip

    result = invoke(settings, command, "import", str(write(tmp_path, f"{command}.csv", lines)))

    assert result.exit_code == 1
    assert result.stderr == message + " (a damaged file?)\n"
    assert result.stdout == f"{command} import: 2 created, 0 updated, 0 unchanged, 1 errors\n"


@pytest.mark.parametrize("command", ["households", "visits", "kpt"])
def test_a_byte_that_is_not_utf8_refuses_the_file_naming_it_and_its_line(
    settings: Settings, tmp_path: Path, command: str
) -> None:
    lines = {"households": HOUSEHOLDS, "visits": VISITS, "kpt": KPT}[command]
    path = tmp_path / f"{command}.csv"
    good = [line.replace("\0", "") for line in lines]
    path.write_bytes(
        ("\n".join(good[:3]) + "\n").encode("utf-8") + good[3].encode("utf-8") + b"\xff\n"
    )

    result = invoke(settings, command, "import", str(path))
    export = invoke(settings, "export", "usage")

    assert result.exit_code == 1
    assert result.stderr == (
        f"qoncha: {command}.csv line 4 is not UTF-8 text "
        "(in Excel choose 'CSV UTF-8' when saving)\n"
    )
    assert result.stdout == ""
    assert export.exit_code == 0
