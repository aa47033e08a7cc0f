"""Benchmark the console's overview and districts pages on the synthetic programme.

Builds the database `bench/report.py` builds (60,000 stoves in 20 districts, a year of
weekly SMS reports, a sample with its visits), signs an admin and a one-district coordinator
in through a one-time link, then times the two pages through the app (Flask's test client,
the whole request: session lookup, the report, the weekly rates, the template) for the year
2025, with the clock on its last Sunday. In the same run it times the report's SQL floor
(the single GROUP BY of bench/report.py) and `compute_report` alone.

    python bench/console.py --backend sqlite|postgres [--stoves 60000] [--repeat 5]
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from inbound import fresh_database  # siblings (bench/ is sys.path[0])
from report import DEFAULT_PG, time_baseline
from synthetic import YEAR, load

PERIOD = f"desde={YEAR}-01-01&hasta={YEAR}-12-31"
CLOCK = datetime(YEAR, 12, 28, 15, 0, tzinfo=UTC)  # Sunday of the year's last full week


def p95(samples: list[float]) -> float:
    """The 95th percentile (the largest of fewer than 20 samples)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def time_pages(url: str, repeat: int) -> dict[str, list[float]]:
    """Seconds per request of each page, for an admin and a one-district coordinator."""
    from core.console.login import create_login_link
    from core.settings import Settings
    from core.staffbot.members import invite_staff, list_staff
    from gateway.app import create_app
    from gateway.wiring import build_services

    services = build_services(Settings(_env_file=None, DATABASE_URL=url))  # type: ignore[call-arg]
    services.clock = lambda: CLOCK
    invite_staff(services.uow(), role="admin", districts=[], name="bench admin", now=CLOCK)
    invite_staff(services.uow(), role="coordinator", districts=["Distrito 01"],
                 name="bench coordinator", now=CLOCK)
    app = create_app(services=services)
    timings: dict[str, list[float]] = {}
    for member in list_staff(services.uow()):
        client = app.test_client()
        token = create_login_link(services.uow(), staff_id=member.id, now=CLOCK)
        assert client.post(f"/console/entrar/{token}").status_code == 302
        for page in ("/console/", "/console/distritos"):
            samples = timings.setdefault(f"{page} ({member.role})", [])
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(f"{page}?{PERIOD}")
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text[:500]
    alone = timings.setdefault("compute_report alone", [])
    from core.monitoring.report import compute_report

    for _ in range(repeat):
        started = time.perf_counter()
        compute_report(services.uow(), period_start=date(YEAR, 1, 1),
                       period_end=date(YEAR, 12, 31), parameters=services.parameters(),
                       tz=services.settings.program_timezone, now=CLOCK)
        alone.append(time.perf_counter() - started)
    services.engine.dispose()
    return timings


def report(floor: float, timings: dict[str, list[float]]) -> None:
    """Print each page's p95 and median beside the report's SQL floor."""
    print(f"report's SQL floor (single GROUP BY, best): {floor * 1000:.0f} ms")
    for label, samples in timings.items():
        print(f"{label:32} p95 {p95(samples) * 1000:6.0f} ms  median "
              f"{statistics.median(samples) * 1000:6.0f} ms  p95/floor {p95(samples) / floor:.2f}")


def main() -> None:
    """Load the synthetic programme, then time the pages against the report's SQL floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--stoves", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="an administrative PostgreSQL URL")
    parser.add_argument("--database", help="time an already loaded synthetic database instead")
    args = parser.parse_args()
    if args.database:
        floor = time_baseline(args.database, args.repeat)
        report(floor, time_pages(args.database, args.repeat))
        return
    shape = argparse.Namespace(stoves=args.stoves, districts=20, response=0.6,
                               visits=min(3_000, args.stoves // 20),
                               seed=20250101, several_every=30)
    from gateway.cli.db import upgrade_database

    with (tempfile.TemporaryDirectory(prefix="qoncha-bench-") as tmp,
          fresh_database(args.backend, Path(tmp), args.pg_url) as url):
        upgrade_database(url)
        started = time.perf_counter()
        observations = load(url, shape)
        print(f"backend {args.backend}: {args.stoves} stoves, {observations} observations "
              f"loaded in {time.perf_counter() - started:.1f} s")
        report(time_baseline(url, args.repeat), time_pages(url, args.repeat))


if __name__ == "__main__":
    main()
