"""Benchmark the console's overview and districts pages on the synthetic programme.

Builds the database `bench/report.py` builds (60,000 stoves in 20 districts, a year of
weekly SMS reports, a sample with its visits), signs an admin and a one-district coordinator
in through a one-time link, then times the two pages for the year 2025 with the clock on its
last Sunday, three ways, in the same run:

- recompute: the page's figures computed afresh in one snapshot (`overview`, `district_rows`:
  what every view cost before figures were stored), without HTTP;
- first view: the page through the app (Flask's test client, the whole request: session
  lookup, figures, template) with no stored figures, so it computes and stores them;
- served: the page through the app again and again, its stored figures still current;
- served stale within lag: the same after a write to a watched table (as every SMS makes),
  the stored figures younger than the lag served with "hay datos más nuevos".

Beside them the report's SQL floor (the single GROUP BY of bench/report.py) and
`compute_report` alone.

    python bench/console.py --backend sqlite|postgres [--stoves 60000] [--repeat 5]
                            [--served 40] [--database URL]

`--database` times an already loaded synthetic database (migrated to head) instead.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from inbound import fresh_database  # siblings (bench/ is sys.path[0])
from report import DEFAULT_PG, time_baseline
from synthetic import YEAR, load

PERIOD = f"desde={YEAR}-01-01&hasta={YEAR}-12-31"
CLOCK = datetime(YEAR, 12, 28, 15, 0, tzinfo=UTC)  # Sunday of the year's last full week


def p95(samples: list[float]) -> float:
    """The 95th percentile (the largest of fewer than 20 samples)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _timed(samples: list[float], action: Callable[[], object]) -> None:
    started = time.perf_counter()
    action()
    samples.append(time.perf_counter() - started)


def time_pages(url: str, repeat: int, served: int) -> dict[str, list[float]]:
    """Seconds per view of each page, for an admin and a one-district coordinator."""
    from sqlalchemy import delete, text

    from core.console.districts import district_rows
    from core.console.login import create_login_link
    from core.console.overview import Targets, overview
    from core.models import StoredFigures
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
    settings = services.settings

    def touch() -> None:  # one watched row written, as an incoming SMS would
        with services.engine.begin() as conn:
            conn.execute(text("UPDATE households SET community = community "
                              "WHERE id = (SELECT MIN(id) FROM households)"))

    def forget() -> None:
        with services.uow() as uow:
            uow.session.execute(delete(StoredFigures))
            uow.commit()

    timings: dict[str, list[float]] = {}
    invited = {m.role: m for m in list_staff(services.uow()) if m.name.startswith("bench ")}
    for member in invited.values():  # the latest of each (a loaded database may be reused)
        read = {"scope": None if member.role == "admin" else member.districts,
                "period": (date(YEAR, 1, 1), date(YEAR, 12, 31)),
                "parameters": services.parameters(), "tz": settings.program_timezone,
                "now": CLOCK}
        fresh = {"/console/": lambda read=read: overview(
                     services.uow(), **read, targets=Targets(settings.console_response_target,
                                                             settings.console_use_target)),
                 "/console/distritos": lambda read=read: district_rows(
                     services.uow(), **read, target=settings.console_response_target,
                     silent_after=timedelta(weeks=settings.silent_after_weeks))}
        client = app.test_client()
        token = create_login_link(services.uow(), staff_id=member.id, now=CLOCK)
        assert client.post(f"/console/entrar/{token}").status_code == 302

        def view(page: str, client: Any = client, notice: str = "al día") -> None:
            response = client.get(f"{page}?{PERIOD}")
            assert response.status_code == 200, response.text[:500]
            assert notice in response.text

        for page in ("/console/", "/console/distritos"):
            label = f"{page} ({member.role})"
            for _ in range(repeat):
                _timed(timings.setdefault(f"{label} recompute", []), fresh[page])
            for _ in range(repeat):
                forget()
                _timed(timings.setdefault(f"{label} first view", []), lambda p=page: view(p))
            for _ in range(served):
                _timed(timings.setdefault(f"{label} served", []), lambda p=page: view(p))
            touch()
            for _ in range(served):
                _timed(timings.setdefault(f"{label} served stale within lag", []),
                       lambda p=page: view(p, notice="hay datos más nuevos"))
    alone = timings.setdefault("compute_report alone", [])
    from core.monitoring.report import compute_report

    for _ in range(repeat):
        _timed(alone, lambda: compute_report(
            services.uow(), period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31),
            parameters=services.parameters(), tz=settings.program_timezone, now=CLOCK))
    services.engine.dispose()
    return timings


def report(floor: float, timings: dict[str, list[float]]) -> None:
    """Print each page's median and p95 beside the report's SQL floor."""
    print(f"report's SQL floor (single GROUP BY, best): {floor * 1000:.0f} ms")
    for label, samples in timings.items():
        print(f"{label:46} n {len(samples):3}  p50 {statistics.median(samples) * 1000:7.1f} ms"
              f"  p95 {p95(samples) * 1000:7.1f} ms  p95/floor {p95(samples) / floor:.2f}")


def main() -> None:
    """Load the synthetic programme, then time the pages against the report's SQL floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--stoves", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5, help="recomputes and first views")
    parser.add_argument("--served", type=int, default=40, help="views of stored figures")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="an administrative PostgreSQL URL")
    parser.add_argument("--database", help="time an already loaded synthetic database instead")
    args = parser.parse_args()
    if args.database:
        floor = time_baseline(args.database, args.repeat)
        report(floor, time_pages(args.database, args.repeat, args.served))
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
        report(time_baseline(url, args.repeat), time_pages(url, args.repeat, args.served))


if __name__ == "__main__":
    main()
