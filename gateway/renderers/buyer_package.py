"""The buyer's monitoring-report package on disk: a folder or a zip, with a SHA-256 manifest.

`manifest.sha256` lists every other file as `sha256sum` writes it (`<hex>  <path>`), so
`sha256sum -c manifest.sha256` or the README's short script checks a package; the SHA-256
of the manifest itself is the package's digest, which the ledger records on issuance.
"""

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.monitoring.buyer_data import DataTable

MANIFEST = "manifest.sha256"
SUMMARY = "monitoring_report.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files give the same zip


def _cell(value: Any) -> str:
    """A CSV cell: ISO days and instants, true/false, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def table_csv(table: DataTable) -> bytes:
    """One data table as UTF-8 CSV, exact values (no spreadsheet escaping: this is data)."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([_cell(v) for v in row] for row in table.rows)
    return stream.getvalue().encode("utf-8")


def json_bytes(document: Any) -> bytes:
    """A JSON document as the package stores it: indented UTF-8, keys as given."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def manifest_of(files: Mapping[str, bytes]) -> bytes:
    """The `sha256sum` listing of the files, in name order."""
    lines = (
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )
    return "".join(lines).encode("utf-8")


def write_package(out: Path, files: Mapping[str, bytes]) -> str:
    """Write the files and their manifest to a new folder, or a zip if `out` ends in .zip.

    The package appears only once complete (written beside it, then renamed); an existing
    `out` is refused. Returns the package's digest (the SHA-256 of its manifest).
    """
    if out.exists():
        raise FileExistsError(f"{out} exists already; choose a new --out")
    complete = {**files, MANIFEST: manifest_of(files)}
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        if out.suffix == ".zip":
            target = work / out.name
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in sorted(complete.items()):
                    archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
        else:
            target = work / "package"
            for name, data in complete.items():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(data)
        os.replace(target, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return hashlib.sha256(complete[MANIFEST]).hexdigest()


def _reader(path: Path) -> tuple[set[str], Callable[[str], bytes]]:
    """The file names of a package folder or zip, and a function reading one."""
    if path.is_file():
        archive = zipfile.ZipFile(path)
        return set(archive.namelist()), archive.read
    names = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}
    return names, lambda name: (path / name).read_bytes()


def check_package(path: Path) -> tuple[str, dict[str, Any], list[str]]:
    """Check a package against its manifest: (its digest, its summary, problems found)."""
    names, read = _reader(path)
    if MANIFEST not in names:
        return "", {}, [f"{path} has no {MANIFEST}"]
    manifest = read(MANIFEST)
    listed = dict(_entries(manifest.decode("utf-8").splitlines()))
    problems = [
        f"{name} is missing or changed"
        for name, digest in sorted(listed.items())
        if name not in names or hashlib.sha256(read(name)).hexdigest() != digest
    ]
    problems += [
        f"{name} is not in the manifest" for name in sorted(names - set(listed) - {MANIFEST})
    ]
    summary = json.loads(read(SUMMARY)) if SUMMARY in names and not problems else {}
    return hashlib.sha256(manifest).hexdigest(), summary, problems


def _entries(lines: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(name, digest) for each `<hex>  <name>` line of a manifest."""
    for line in lines:
        digest, _, name = line.partition("  ")
        yield name, digest
