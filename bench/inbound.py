"""Inbound SMS throughput: qoncha's Twilio webhook against a bare Flask endpoint, served alike.

    python bench/inbound.py [--backend sqlite|postgres] [--seconds 20] [--clients 8] [--workers 4]
                            [--client raw|http.client] [--lean] [--json FILE]

Creates and migrates a fresh database (SQLite file in a temporary folder, or a PostgreSQL
database that is dropped at the end), seeds a programme's households with stoves and phones,
serves qoncha and a bare Flask endpoint with gunicorn as the Procfile does, and sends both
the same distinct, correctly signed Twilio webhooks, prepared before any timing, from
concurrent clients. The servers take turns (--rounds) so that a busy machine weighs on both
alike. Prints requests/s, p50/p99 latency, errors, messages stored against requests accepted
(they must be equal), the CPU the workers spent per request, and the ratio qoncha/bare.
--lean adds a calibration endpoint (signature, parse, one SQLModel insert).
"""

import argparse
import json
import math
import os
import platform
import random
import secrets
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` and the project importable
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.load import LoadResult, run_load, wire_bytes  # noqa: E402
from bench.population import seed, traffic  # noqa: E402
from bench.server import GunicornServer  # noqa: E402
from core.settings import Settings  # noqa: E402
from gateway.cli.db import upgrade_database  # noqa: E402

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BASE_URL = "https://sms.qoncha.example"  # what the signatures are computed over
TARGET_RATIO, TARGET_P99_MS = 0.25, 50.0
SUPERSEDED = "(observations superseded)"
APPS = {"qoncha": "gateway:create_app()", "bare": "bench.bare_app:create_app()",
        "lean": "bench.lean_app:create_app()"}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="timed seconds per server, split into --rounds windows")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--client", choices=("raw", "http.client"), default="raw",
                        help="raw: prepared bytes on a fresh socket (cheap); http.client: "
                             "one HTTPConnection per thread")
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4,
                        help="alternate the servers this many times (evens out a busy machine)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per server, untimed")
    parser.add_argument("--max-rate", type=int, default=6000,
                        help="requests/s the prepared traffic can sustain (bounds the count)")
    parser.add_argument("--postgres-url", default=PG_ADMIN_URL,
                        help="server to create the throwaway database on")
    parser.add_argument("--lean", action="store_true",
                        help="also measure bench/lean_app.py (validate, parse, one insert)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


@contextmanager
def fresh_database(backend: str, folder: Path, admin_url: str) -> Iterator[str]:
    """A new empty database for this run; a PostgreSQL one is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    name = f"qoncha_bench_{secrets.token_hex(5)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def interpretations(url: str) -> dict[str, int]:
    """Stored Twilio messages by interpretation, and observations that were corrected."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT interpretation, COUNT(*) FROM inbound_messages "
                "WHERE provider = 'twilio' GROUP BY interpretation"
            ))
            counts = {str(name): int(count) for name, count in rows}
            superseded = conn.execute(text(
                "SELECT COUNT(*) FROM usage_observations WHERE superseded_at IS NOT NULL"
            )).scalar_one()
            counts[SUPERSEDED] = int(superseded)
            return counts
    finally:
        engine.dispose()


def server_env(url: str, token: str) -> dict[str, str]:
    """The environment as production sets it, nothing inherited that the settings read."""
    names = {str(f.validation_alias).upper() for f in Settings.model_fields.values()}
    names |= {"GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"}
    env = {k: v for k, v in os.environ.items() if k.upper() not in names}
    env.update(DATABASE_URL=url, TWILIO_AUTH_TOKEN=token, PUBLIC_BASE_URL=BASE_URL,
               SMS_PROVIDER="console", PYTHONPATH=str(ROOT))
    return env


def _split(items: list[Any], parts: int) -> list[list[Any]]:
    return [items[i::parts] for i in range(parts)]


def _row(name: str, result: LoadResult, stored: str) -> str:
    return (f"{name:<8}{result.rps:>12.1f}{result.percentile_ms(50):>9.1f}"
            f"{result.percentile_ms(99):>9.1f}{result.errors:>8}{result.accepted:>10}{stored:>9}"
            f"{100 * result.client_cpu / result.elapsed:>11.0f}%{result.server_cpu_ms:>12.2f}")


def _figures(result: LoadResult) -> dict[str, Any]:
    return {"requests_per_s": round(result.rps, 1), "p50_ms": round(result.percentile_ms(50), 2),
            "p99_ms": round(result.percentile_ms(99), 2), "errors": result.errors,
            "accepted": result.accepted, "statuses": result.statuses,
            "elapsed_s": round(result.elapsed, 2), "client_cpu_s": round(result.client_cpu, 2),
            "worker_cpu_ms_per_request": round(result.server_cpu_ms, 3),
            "clients_out_of_requests": result.exhausted}


def main(argv: list[str] | None = None) -> int:
    """Run both servers on one fresh database and print the comparison table."""
    args = _arguments(argv)
    rng = random.Random(args.seed)
    token = secrets.token_hex(16)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop cleanly on SIGTERM too
    print(f"qoncha inbound benchmark: {args.backend}, gunicorn {args.workers} sync workers, "
          f"{args.clients} clients, {args.seconds:g} s, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}", flush=True)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qoncha-bench-")))
        url = stack.enter_context(fresh_database(args.backend, folder, args.postgres_url))
        upgrade_database(url)
        population = seed(url, households=args.households, rng=rng)
        per_client = math.ceil(args.max_rate * args.seconds / args.clients)
        warm_per_client = math.ceil(args.max_rate * args.warmup / args.clients)
        print(f"seeded {args.households} households, {len(population.registered)} phones; "
              f"signing {args.clients * (per_client + warm_per_client)} requests...", flush=True)
        prepare = wire_bytes if args.client == "raw" else (lambda request: request)
        warm = _split([prepare(r) for r in traffic(
            population, count=args.clients * warm_per_client, base_url=BASE_URL,
            auth_token=token, rng=rng)], args.clients)
        timed = _split([prepare(r) for r in traffic(
            population, count=args.clients * per_client, base_url=BASE_URL,
            auth_token=token, rng=rng)], args.clients)
        env = server_env(url, token)
        servers = {
            name: stack.enter_context(GunicornServer(
                app, workers=args.workers, env=env, cwd=folder, log=folder / f"{name}.log"))
            for name, app in APPS.items() if name != "lean" or args.lean
        }
        # Requests are consumed in order across rounds; the others replay qoncha's (the lean
        # endpoint stores under its own provider name, so nothing collides or is counted twice).
        feeds = {name: [iter(b) for b in timed] for name in servers}
        for server in servers.values():
            run_load(server.port, [iter(b) for b in warm], seconds=args.warmup,
                     client=args.client)
        before = interpretations(url)
        results = {name: LoadResult() for name in servers}
        window = args.seconds / args.rounds
        for round_ in range(1, args.rounds + 1):
            for name, server in servers.items():
                print(f"round {round_}/{args.rounds}: {name}, {window:g} s", flush=True)
                cpu_before = server.cpu_seconds()
                result = run_load(server.port, feeds[name], seconds=window, client=args.client)
                cpu_after = server.cpu_seconds()
                if cpu_before is not None and cpu_after is not None:
                    result.server_cpu = cpu_after - cpu_before
                results[name].add(result)
        after = interpretations(url)
        stored = {k: after.get(k, 0) - before.get(k, 0) for k in after}
        return _report(args, results, stored)
    return 1  # unreachable; keeps type checkers content


def _report(
    args: argparse.Namespace, results: dict[str, LoadResult], window: dict[str, int]
) -> int:
    qoncha, bare = results["qoncha"], results["bare"]
    corrected = window.pop(SUPERSEDED, 0)
    stored = sum(window.values())
    ratio = qoncha.rps / bare.rps if bare.rps else float("nan")
    print()
    print(f"{'server':<8}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'accepted':>10}{'stored':>9}{'client CPU':>12}{'worker ms':>12}")
    print(_row("qoncha", qoncha, str(stored)))
    print(_row("bare", bare, "-"))
    if "lean" in results:
        print(_row("lean", results["lean"], "-"))
        print(f"\nratio lean/bare: {results['lean'].rps / bare.rps:.2f} "
              "(validate, parse, one SQLModel insert: the calibration point)")
    lost = qoncha.accepted - stored
    print(f"\nratio qoncha/bare: {ratio:.2f} (target >= {TARGET_RATIO})   "
          f"p99: {qoncha.percentile_ms(99):.1f} ms (target < {TARGET_P99_MS:g})   "
          f"accepted - stored: {lost} (target 0)")
    shares = ", ".join(f"{k} {v}" for k, v in sorted(window.items(), key=lambda kv: -kv[1]) if v)
    print(f"stored by interpretation: {shares}")
    recorded = window.get("usage", 0) + window.get("open_fire", 0)
    print(f"reports that corrected an earlier one of the same stove-week: {corrected} of "
          f"{recorded} (each correction costs two more statements)")
    for name, result in results.items():
        odd = {s: n for s, n in result.statuses.items() if s != 200}
        if odd:
            print(f"{name}: non-200 answers by status (0 = no answer): {odd}")
        if result.exhausted:
            print(f"{name}: {result.exhausted} clients ran out of prepared requests; "
                  "raise --max-rate")
    if args.json:
        args.json.write_text(json.dumps({
            "backend": args.backend, "workers": args.workers, "clients": args.clients,
            "seconds": args.seconds, "cpus": os.cpu_count(), "ratio": round(ratio, 3),
            "stored": stored, "interpretations": window,
            "client": args.client, **{name: _figures(r) for name, r in results.items()}},
            indent=2))
    met = ratio >= TARGET_RATIO and qoncha.percentile_ms(99) < TARGET_P99_MS and lost == 0
    print("targets met" if met else "targets NOT met")
    return 0 if lost == 0 and qoncha.errors == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; servers stopped and database removed", file=sys.stderr)
        sys.exit(130)
