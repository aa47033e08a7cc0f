"""Benchmark `qoncha report` on a synthetic programme against the one SQL aggregate it needs.

Builds a fresh database (a SQLite file in a temporary folder, or a PostgreSQL database that
is created and dropped), migrated to head: by default 60,000 stoves in 20 districts, one
year of weekly SMS usage reports at 60 % response (about 1.9 million observations and the
inbound messages they point to, plus 1 % corrected ones), a verification sample of 3,000
stoves with their visits, and some repair tickets. It then times the real `qoncha report`
command (JSON to a file, in a child process that also reports its own peak memory) and a
single GROUP BY over the year's usage observations, the floor the report cannot beat.

    python bench/report.py --backend sqlite|postgres [--stoves 60000] [--parameters FILE]
                           [--several-every 30]

Every 30th stove is by default a second stove of the household before it (2,000 households
with two stoves), so that the weighting per household-day is part of what is timed.

The report is computed under examples/methods/kpt.toml by default: savings from a KPT
campaign of 240 weighed days and usage by installation-year cohort, the most work a
methodology option adds (`--parameters packaged` for the packaged defaults).
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from synthetic import YEAR, load, year_weeks  # the sibling module (bench/ is sys.path[0])

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
KPT_COHORTS = Path(__file__).resolve().parents[1] / "examples" / "methods" / "kpt.toml"
BASELINE_SQL = """
SELECT week, COUNT(*), COUNT(days_used), SUM(days_used), COUNT(open_fire_days)
FROM usage_observations
WHERE superseded_at IS NULL AND week >= :first AND week <= :last
GROUP BY week ORDER BY week
"""


def time_baseline(url: str, repeat: int) -> float:
    """The best time of the single GROUP BY over the year's observations (first run warms)."""
    weeks = year_weeks(YEAR)
    engine = create_engine(url)
    best = float("inf")
    with engine.connect() as conn:
        for _ in range(repeat + 1):
            started = time.perf_counter()
            conn.execute(text(BASELINE_SQL), {"first": weeks[0][0], "last": weeks[-1][0]}).all()
            best = min(best, time.perf_counter() - started)
    engine.dispose()
    return best


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM on Linux, else ru_maxrss).

    Linux carries ru_maxrss over an exec from the forking parent, so a child started by a
    big parent would report the parent's peak; VmHWM belongs to the new image alone.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(url: str, out: str, parameters: str) -> None:
    """In a fresh process: run `qoncha report` twice and the single GROUP BY between them.

    The first run is what a user waits for after start-up (it also loads the database
    driver and compiles the SQL); the second shows the steady cost of the report itself.
    Timing the floor in the same process, minutes apart at most, keeps the ratio fair on a
    machine whose load changes.
    """
    # `qoncha` loads a command's modules only when it runs (for a quick --help): the report's
    # are loaded here, as importing the CLI did before, so the timed runs measure the report
    # rather than a one-off import (SciPy alone takes about 1.5 s on the 2-core machine).
    import scipy.stats  # noqa: F401 - KPT's Student t, imported where it is used
    from click.testing import CliRunner

    import gateway.cli.report  # noqa: F401
    from core.settings import Settings
    from gateway.cli import main

    imports_mb = peak_rss_mb()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        DATABASE_URL=url,
        QONCHA_PARAMETERS="" if parameters == "packaged" else parameters,
    )
    args = ["report", "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--out", out]
    times, floors = [], []
    for _ in range(2):
        started = time.perf_counter()
        result = CliRunner().invoke(main, args, obj={"settings": settings})
        times.append(time.perf_counter() - started)
        if result.exit_code != 0:
            raise SystemExit(f"report failed: {result.output} {result.exception!r}")
        floors.append(time_baseline(url, 1))
    figures = {"cold": times[0], "warm": times[1], "floor": min(floors)}
    print(json.dumps({**figures, "peak_mb": peak_rss_mb(), "imports_mb": imports_mb}))


def time_report(url: str, folder: Path, repeat: int, parameters: str) -> list[dict[str, float]]:
    """Run the report in fresh processes; each gives its times, floor and peak memory."""
    runs = []
    for run in range(repeat + 1):
        out = folder / "report.json"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", url, str(out), parameters],
            capture_output=True,
            text=True,
            check=True,
            cwd=folder,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        figures["wall"] = time.perf_counter() - started
        print(
            f"  process {run + 1}: report {figures['cold']:.3f} s first run, "
            f"{figures['warm']:.3f} s second run; GROUP BY {figures['floor']:.3f} s; "
            f"ratio {figures['cold'] / figures['floor']:.2f} / "
            f"{figures['warm'] / figures['floor']:.2f}; peak {figures['peak_mb']:.0f} MB "
            f"({figures['imports_mb']:.0f} MB after imports)"
        )
        runs.append(figures)
    return runs


def main() -> None:
    """Build the synthetic programme, then time the report against the single aggregate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--stoves", type=int, default=60_000)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--response", type=float, default=0.6)
    parser.add_argument("--visits", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--several-every",
        type=int,
        default=30,
        help="every Nth stove is a second stove of the household before it (0: none)",
    )
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="an administrative PostgreSQL URL")
    parser.add_argument(
        "--parameters",
        default=str(KPT_COHORTS),
        help="parameters file the report runs under, or 'packaged' (default: KPT with cohorts)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(*args.child)
        return
    from gateway.cli.db import upgrade_database

    with tempfile.TemporaryDirectory(prefix="qoncha-bench-") as tmp:
        folder = Path(tmp)
        admin = None
        if args.backend == "sqlite":
            url = f"sqlite:///{folder / 'bench.sqlite3'}"
        else:
            name = f"qoncha_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
        try:
            upgrade_database(url)
            started = time.perf_counter()
            observations = load(url, args)
            print(
                f"backend {args.backend}: {args.stoves} stoves, {observations} usage "
                f"observations loaded in {time.perf_counter() - started:.1f} s"
            )
            print(f"parameters: {args.parameters}")
            runs = time_report(url, folder, args.repeat, args.parameters)
            floor = min(r["floor"] for r in runs)
            cold = statistics.median(r["cold"] / r["floor"] for r in runs)
            warm = statistics.median(r["warm"] / r["floor"] for r in runs)
            print(f"single GROUP BY over usage_observations:  {floor:.3f} s (best)")
            print(f"qoncha report, first run in its process: {min(r['cold'] for r in runs):.3f} s")
            print(f"qoncha report, second run:               {min(r['warm'] for r in runs):.3f} s")
            print(f"qoncha report, whole process:            {min(r['wall'] for r in runs):.3f} s")
            print(
                f"ratio report / GROUP BY (median):         {cold:.2f} first run, "
                f"{warm:.2f} second run (target <= 3)"
            )
            peak = max(r["peak_mb"] for r in runs)
            print(f"peak memory of the report process:        {peak:.0f} MB (target < 300)")
        finally:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
