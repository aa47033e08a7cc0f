"""Benchmark the weekly fan-out: queue the prompt for 60,000 households, drain it to Twilio.

A fresh database (PostgreSQL by default: created and dropped) is migrated and seeded with the
households; the weekly prompt job queues one prompt per household (timed); then the outbox is
drained to a local fake of Twilio's REST API running in its own process, with rate limits off:
first by one dispatcher process alone, then by two at once, each timed as messages/s. Every
message must reach the fake exactly once. Peak memory is each process's own (VmHWM).

    python bench/fanout.py [--households 60000] [--backend postgres|sqlite] [--solo 15000]
                           [--pair N]
"""

import argparse
import contextlib
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fakes")]

from inbound import fresh_database  # noqa: E402 - sibling module
from population import seed  # noqa: E402
from report import DEFAULT_PG, peak_rss_mb  # noqa: E402

FRIDAY_18 = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # Friday 18:00 in Lima
WORKERS = 16  # sends in flight per dispatcher (rate limits off)
SID, TOKEN, SENDER = "AC" + "0" * 32, "bench-token", "+15005550006"


def reset_peak_rss() -> None:
    """Start this process's peak-memory count afresh (Linux: clear_refs 5 resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def settings_for(url: str, api: str) -> Any:
    """Settings of a production-like dispatcher pointed at the fake Twilio."""
    from core.settings import Settings

    return Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=url, SMS_PROVIDER="twilio", TWILIO_ACCOUNT_SID=SID,
        TWILIO_AUTH_TOKEN=TOKEN, TWILIO_FROM=SENDER, TWILIO_API_BASE=api,
    )


def serve_fake(ready: Any, stop: Any, counts: Any) -> None:
    """The fake Twilio in its own process (so it does not share the dispatchers' GIL)."""
    from twilio_api import FakeTwilioApi

    fake = FakeTwilioApi(SID, TOKEN)
    fake._server.socket.listen(256)  # room for every send in flight (the default backlog is 5)
    fake.start()
    ready.put(fake.url)
    stop.wait()
    recipients = [m["to"] for m in fake.created]
    counts.put((len(recipients), len(set(recipients))))
    fake.stop()


def dispatcher(url: str, api: str, until: int | None, results: Any, start: Any) -> None:
    """Drain the outbox (or send `until` messages) and report count, seconds and peak MB."""
    from dataclasses import replace

    from core.outbox.dispatch import Pacing, dispatch_outbound
    from gateway.wiring import build_services

    services = build_services(settings_for(url, api))
    transports = services.outbox_transports()
    rate_limits_off = replace(services.policy, limiter=None)
    start.wait()
    began, sent, idle = time.perf_counter(), 0, 0
    while (until is None or sent < until) and idle < 3:
        batch = dispatch_outbound(
            services.uow(), transports, now=FRIDAY_18, limit=100,
            pacing=Pacing(rate_limits_off, workers=WORKERS),
        )
        idle = 0 if batch else idle + 1
        sent += batch
    results.put((sent, time.perf_counter() - began, peak_rss_mb()))
    services.engine.dispose()


def run_dispatchers(url: str, api: str, count: int, until: int | None) -> list[tuple]:
    """Start `count` dispatcher processes together; their (sent, seconds, MB)."""
    ctx = multiprocessing.get_context("spawn")
    results, start = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=dispatcher, args=(url, api, until, results, start))
             for _ in range(count)]
    for proc in procs:
        proc.start()
    time.sleep(3)  # let them import and connect before the clock starts
    start.set()
    out = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    return out


def main(argv: list[str] | None = None) -> int:
    """Seed, queue, drain; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--solo", type=int, default=15_000, help="messages for one dispatcher")
    parser.add_argument("--pair", type=int, default=None,
                        help="messages for each of two dispatchers (default: drain the rest)")
    parser.add_argument("--admin-url", default=DEFAULT_PG)
    args = parser.parse_args(argv)

    from core.prompts.weekly import Campaign, queue_weekly_prompts
    from gateway.cli.db import upgrade_database
    from gateway.wiring import build_services

    ctx = multiprocessing.get_context("spawn")
    ready, stop, counts = ctx.Queue(), ctx.Event(), ctx.Queue()
    fake = ctx.Process(target=serve_fake, args=(ready, stop, counts))
    fake.start()
    api = ready.get(timeout=30)
    with tempfile.TemporaryDirectory() as folder, fresh_database(
        args.backend, Path(folder), args.admin_url
    ) as url:
        upgrade_database(url)
        seed(url, households=args.households, rng=random.Random(11))
        services = build_services(settings_for(url, api))
        # No stagger and no operator hours: everything is due at once, to measure the drain.
        campaign = Campaign(provider="twilio", tz="America/Lima", bulk_hours=None,
                            spread=timedelta(0))
        reset_peak_rss()  # the seeding above is not the queueing's memory
        began = time.perf_counter()
        run = queue_weekly_prompts(services.uow(), campaign=campaign, now=FRIDAY_18)
        queued_s = time.perf_counter() - began
        services.engine.dispose()
        solo = run_dispatchers(url, api, 1, args.solo)
        pair = run_dispatchers(url, api, 2, args.pair)
    stop.set()
    delivered, distinct = counts.get(timeout=60)
    fake.join()
    solo_sent, solo_s, solo_mb = solo[0]
    pair_sent = sum(r[0] for r in pair)
    pair_s = max(r[1] for r in pair)
    print(f"backend {args.backend}, {args.households:,} households, {run.queued:,} prompts")
    print(f"queue the weekly prompt: {queued_s:.2f} s (target < 10 s), "
          f"queueing process peak {peak_rss_mb():.0f} MB")
    print(f"one dispatcher: {solo_sent:,} messages in {solo_s:.1f} s = "
          f"{solo_sent / solo_s:.0f} msg/s (target >= 300), peak {solo_mb:.0f} MB")
    print(f"two dispatchers: {pair_sent:,} messages in {pair_s:.1f} s = "
          f"{pair_sent / pair_s:.0f} msg/s, peak {max(r[2] for r in pair):.0f} MB each")
    expected = run.queued if args.pair is None else solo_sent + pair_sent
    once = delivered == distinct == expected == solo_sent + pair_sent
    print(f"fake Twilio received {delivered:,} messages to {distinct:,} distinct numbers "
          f"(sent {solo_sent + pair_sent:,} of {run.queued:,}: "
          f"{'each once' if once else 'MISMATCH'})")
    return 0 if once else 1


if __name__ == "__main__":
    sys.exit(main())
