"""`qoncha monitoring-report`: the buyer's package, checked by the README's script, with no
household's name, phone number or coordinates in it (both backends)."""

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings

from core.models import Household, KptMeasurement, Phone, Stove, UsageObservation, Visit
from core.mrv.parameters import packaged_text
from gateway.cli import main
from gateway.wiring import Services, build_services

README = Path(__file__).resolve().parents[2] / "README.md"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
REPORTED = datetime(2025, 12, 30, 12, 0, tzinfo=UTC)
KEY = "a programme secret of some length"
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]
PHOTO = "ab" * 32
# name, phone, latitude, longitude of each fixture household
PEOPLE = [
    ("Maria Quispe Huaman", "+51987654321", -9.923456, -76.234567),
    ("Juan Condori Rojas", "+51912345678", -7.901234, -78.571234),
    ("Rosa Ventura Soto", "+51955501234", -9.861111, -76.172222),
]


def package_services(db_url: str, **overrides: str) -> Services:
    """Services with the pseudonym key set, their clock standing in March 2026."""
    built = build_services(make_settings(db_url, **{"MONITORING_PSEUDONYM_KEY": KEY, **overrides}))
    built.clock = lambda: NOW
    return built


@contextmanager
def programme(db_url: str) -> Iterator[Services]:
    """The households of `add_households`, on services with the pseudonym key."""
    built = package_services(db_url)
    try:
        add_households(built)
        yield built
    finally:
        built.engine.dispose()


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    """The fixture households, visits, SMS weeks and KPT campaign (`programme`)."""
    with programme(db_url) as built:
        yield built


def add_households(built: Services) -> None:
    """Three households (the first with two stoves), visits, SMS weeks and a KPT campaign."""
    with built.uow() as uow:
        session = uow.session
        for n, (name, phone, lat, lon) in enumerate(PEOPLE):
            home = Household(name=name, district="Amarilis", latitude=lat, longitude=lon)
            session.add(home)
            session.flush()
            session.add(Phone(number=phone, household_id=home.id))
            for s in range(2 if n == 0 else 1):
                stove = Stove(
                    code=f"TW-{n}{s}", household_id=home.id or 0, installed_on=date(2024, 5, 1)
                )
                session.add(stove)
                session.flush()
                session.add(
                    Visit(
                        stove_id=stove.id or 0,
                        visited_on=date(2025, 6, 3 + n),
                        in_use=True,
                        condition="good",
                        surveyor="Carmen Julca",
                        latitude=lat,
                        longitude=lon,
                        notes=f"hablamos con {name}, cel {phone}",
                        source="telegram",
                        photo_sha256=PHOTO if n == 0 else None,
                        distance_m=12.4,
                    )  # fmt: skip
                )
                for week in (5, 6, 30):
                    session.add(
                        UsageObservation(
                            stove_id=stove.id or 0,
                            week=f"2025-W{week:02d}",
                            days_used=week % 8,
                            reported_at=REPORTED,
                        )  # fmt: skip
                    )
            for day in (1, 2, 3):
                session.add(
                    KptMeasurement(
                        campaign="KPT-2024",
                        phase="baseline",
                        household=f"TW-{n}0",
                        day=date(2024, 3, day),
                        wood_kg=9.5 + n,
                        household_size=5,
                    )  # fmt: skip
                )
        uow.commit()


def invoke(services: Services, *args: str) -> Result:
    """Run the command line on these services."""
    return CliRunner().invoke(main, list(args), obj={"services": services})


def readme_script(tmp_path: Path) -> Path:
    """The README's package-checking script, exactly as printed, saved to a file."""
    found = re.search(r"```python\n(# check_package\.py.*?)```", README.read_text(), re.DOTALL)
    assert found, "the README prints no check_package.py"
    script = tmp_path / "check_package.py"
    script.write_text(found.group(1), encoding="utf-8")
    return script


def check(script: Path, package: Path) -> subprocess.CompletedProcess[str]:
    """Run the README's script as an outside verifier would: plain Python, no qoncha."""
    return subprocess.run(
        [sys.executable, "-I", str(script), str(package)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def files_of(package: Path) -> dict[str, bytes]:
    """Every file of a package folder or zip by its path inside."""
    if package.is_file():
        with zipfile.ZipFile(package) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {p.relative_to(package).as_posix(): p.read_bytes() for p in package.rglob("*")
            if p.is_file()}  # fmt: skip


def rows(data: bytes) -> list[dict[str, str]]:
    """A CSV file's rows by column."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("name", ["mr-2025", "mr-2025.zip"])
def test_the_readme_script_checks_the_package_and_catches_a_changed_file(
    services: Services, tmp_path: Path, name: str
) -> None:
    package = tmp_path / name
    written = invoke(services, "monitoring-report", *YEAR, "--out", str(package))
    assert written.exit_code == 0, written.stderr
    script = readme_script(tmp_path)

    ok = check(script, package)

    assert ok.returncode == 0, ok.stderr
    digest = re.search(r"package sha256 \(of .*\): ([0-9a-f]{64})", written.stdout)
    assert digest is not None
    assert ok.stdout == f"package OK: 8 files, sha256 {digest.group(1)}\n"
    files = files_of(package)
    assert sorted(files) == [
        "README.txt", "data/kpt_measurements.csv", "data/stoves.csv", "data/visits.csv",
        "data/weekly_observations.csv", "manifest.sha256", "monitoring_report.json",
        "parameters.toml", "report.json",
    ]  # fmt: skip
    forged = files["data/visits.csv"].replace(b",true,good,", b",false,good,", 1)
    assert forged != files["data/visits.csv"]
    if package.suffix == ".zip":
        with zipfile.ZipFile(package, "w") as archive:  # the same zip, one member changed
            for member, data in {**files, "data/visits.csv": forged}.items():
                archive.writestr(member, data)
    else:
        (package / "data/visits.csv").write_bytes(forged)
    bad = check(script, package)
    assert bad.returncode == 1
    assert bad.stderr == "package FAILED: data/visits.csv changed, missing or not listed\n"


def test_the_package_names_no_household_phone_or_place(services: Services, tmp_path: Path) -> None:
    package = tmp_path / "mr"
    assert invoke(services, "monitoring-report", *YEAR, "--out", str(package)).exit_code == 0
    text = b"\n".join(files_of(package).values()).decode("utf-8")

    for name, phone, lat, lon in PEOPLE:
        for part in (*name.split(), "Carmen Julca", "hablamos"):
            assert part not in text, part
        for number in (phone, phone[3:], phone[1:], phone[-6:]):
            assert number not in text, number
        for coordinate in (lat, lon):
            for digits in (f"{coordinate:.6f}", f"{coordinate:.4f}", f"{coordinate:.3f}"):
                assert digits not in text, digits
    for code in ("TW-00", "TW-01", "TW-10", "TW-20"):
        assert code not in text  # stove codes are printed on the stoves


def test_the_package_states_years_deadline_and_stable_pseudonyms(
    services: Services, db_url: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert invoke(services, "monitoring-report", *YEAR, "--out", str(first)).exit_code == 0
    assert invoke(services, "monitoring-report", *YEAR, "--out", str(second)).exit_code == 0
    a, b = files_of(first), files_of(second)

    assert a == b  # nothing in the package depends on when or where it was written
    summary = json.loads(a["monitoring_report.json"])
    report = json.loads(a["report.json"])
    assert summary["filing_deadline"] == "2026-12-31"
    assert summary["report_digest"] == report["generated_with"]["digest"]
    assert (
        summary["monitoring_report_id"] == f"QMR-20250101-20251231-{summary['report_digest'][:12]}"
    )
    assert [y["year"] for y in summary["reductions_by_year"]] == [2025]
    assert summary["reductions_by_year"][0]["er_tco2e"] == pytest.approx(report["er_tco2e"])
    assert summary["reductions_by_year"][0]["issuable_tco2e"] == report["er_issuable_tco2e"]
    expected = "not assessed" if "integrity" not in report else summary["integrity_all_passed"]
    assert summary["integrity_all_passed"] == expected
    stoves = rows(a["data/stoves.csv"])
    assert len(stoves) == 4 and len({s["household"] for s in stoves}) == 3
    assert all(re.fullmatch(r"S-[0-9a-f]{16}", s["stove"]) for s in stoves)
    visits = rows(a["data/visits.csv"])
    assert [v["photo_sha256"] for v in visits].count(PHOTO) == 2
    assert set(visits[0]) == {
        "stove", "visited_on", "found", "in_use", "condition", "open_fire_in_use", "source",
        "photo_sha256", "distance_m", "far_from_stove",
    }  # fmt: skip
    kpt = rows(a["data/kpt_measurements.csv"])
    # A KPT household written as a stove code takes that stove's household pseudonym.
    assert {k["household"] for k in kpt} == {s["household"] for s in stoves}
    assert len(rows(a["data/weekly_observations.csv"])) == 12
    other = package_services(db_url, MONITORING_PSEUDONYM_KEY="another secret of some length")
    assert invoke(other, "monitoring-report", *YEAR, "--out", str(tmp_path / "c")).exit_code == 0
    again = rows(files_of(tmp_path / "c")["data/stoves.csv"])
    assert not {s["household"] for s in again} & {s["household"] for s in stoves}
    other.engine.dispose()


def test_periods_past_three_years_or_the_crediting_end_are_refused(
    services: Services, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # where the default --out would go
    long = invoke(services, "monitoring-report", "--from", "2025-01-01", "--to", "2028-01-01")
    assert long.exit_code == 1
    assert "at most 3 years" in long.stderr
    late = invoke(services, "monitoring-report", "--from", "2030-06-01", "--to", "2031-05-31")
    assert late.exit_code == 1
    assert "after the crediting end 2030-12-31" in late.stderr
    assert not list(work.iterdir())
    moved = tmp_path / "parameters.toml"
    # A period past the packaged fNRB's valid_until also needs the reason it still applies.
    moved.write_text(
        packaged_text()
        .replace("value = 2030-12-31", "value = 2032-12-31\n# extended")
        .replace(
            "valid_until = 2027-12-31",
            'valid_until = 2027-12-31\npast_valid_until_reason = "MoFuSS value awaited"',
        ),
        encoding="utf-8",
    )
    extended = package_services(db_url, QONCHA_PARAMETERS=str(moved))
    out = tmp_path / "mr-2031"
    allowed = invoke(extended, "monitoring-report", "--from", "2030-06-01", "--to", "2031-05-31",
                     "--out", str(out))  # fmt: skip
    assert allowed.exit_code == 0, allowed.stderr
    summary = json.loads((out / "monitoring_report.json").read_text())
    assert summary["crediting_end"]["value"] == "2032-12-31"
    assert (summary["period_end"], summary["filing_deadline"]) == ("2031-05-31", "2032-05-31")
    extended.engine.dispose()


def test_without_a_pseudonym_key_or_into_an_existing_folder_it_is_refused(
    db_url: str, tmp_path: Path
) -> None:
    keyless = build_services(make_settings(db_url))
    refused = invoke(keyless, "monitoring-report", *YEAR, "--out", str(tmp_path / "mr"))
    assert refused.exit_code == 1
    assert "MONITORING_PSEUDONYM_KEY" in refused.stderr
    keyless.engine.dispose()
    keyed = package_services(db_url)
    taken = tmp_path / "taken"
    taken.mkdir()
    again = invoke(keyed, "monitoring-report", *YEAR, "--out", str(taken))
    assert again.exit_code == 1
    assert "exists already" in again.stderr
    keyed.engine.dispose()
