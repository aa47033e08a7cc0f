"""`qoncha scheduler` (the worker process) and `qoncha serve` (gateway and scheduler in one)."""

import logging
import threading

import click
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from gateway.app import create_app
from gateway.cli import main
from gateway.cli.context import get_services
from gateway.cli.db import require_migrated
from gateway.scheduler import JOBS, configure_jobs, send_due_messages
from gateway.scheduler_lock import SchedulerLock

log = logging.getLogger(__name__)


@main.command()
@click.option(
    "--run-now",
    "run_now",
    type=click.Choice(sorted(JOBS)),
    help="Run one job now (no stagger), send what it queued, and exit.",
)
@click.pass_context
def scheduler(ctx: click.Context, run_now: str | None) -> None:
    """Run the scheduled jobs in the foreground (one such process per deployment)."""
    services = get_services(ctx)
    require_migrated(services.database_url)
    if run_now:
        click.echo(JOBS[run_now](services, services.clock(), spread=False), err=True)
        if run_now != "dispatch":
            send_due_messages(services)
        return
    lock = SchedulerLock(services.engine)
    lock.acquire()
    runner = BlockingScheduler(timezone=services.settings.program_timezone)
    configure_jobs(runner, services)
    click.echo(
        f"scheduler running in {services.settings.program_timezone}; Ctrl-C stops it", err=True
    )
    try:
        runner.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("scheduler stopped", err=True)
    finally:
        lock.release()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the gateway and the scheduler in one process, for local use (production: Procfile)."""
    logging.getLogger().setLevel(logging.INFO)
    # APScheduler logs every run of every job at INFO: a line every 15 s drowns the rest.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    services = get_services(ctx)
    require_migrated(services.database_url)
    app = create_app(services=services)
    background = BackgroundScheduler(timezone=services.settings.program_timezone)
    configure_jobs(background, services)
    lock, stopping = SchedulerLock(services.engine), threading.Event()

    def start_when_locked() -> None:
        # Another scheduler may be running (`qoncha scheduler`): the gateway serves meanwhile.
        if lock.acquire(stop=stopping.is_set, sleep=stopping.wait):
            background.start()

    threading.Thread(target=start_when_locked, name="scheduler-lock", daemon=True).start()
    click.echo(
        f"qoncha gateway on http://{host}:{port} (database {services.engine.url!r})", err=True
    )
    try:
        app.run(host=host, port=port, use_reloader=False, threaded=True)
    finally:
        stopping.set()
        if background.running:
            background.shutdown(wait=False)
        lock.release()
