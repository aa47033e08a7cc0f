"""The scheduler: one at a time (advisory or file lock), jobs persisted under explicit ids."""

import threading
from datetime import UTC, date, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from click.testing import CliRunner
from sqlalchemy import text

from core.models import Household, Phone, Stove
from core.settings import Settings
from gateway.cli import main
from gateway.scheduler import configure_jobs
from gateway.scheduler_lock import SchedulerLock
from gateway.wiring import Services, build_services


def test_a_second_scheduler_waits_for_the_first(services: Services, settings: Settings) -> None:
    other = build_services(settings)  # another process: its own engine and connections
    try:
        first, second = SchedulerLock(services.engine), SchedulerLock(other.engine)
        assert first.try_acquire()
        assert not second.try_acquire()
        polls: list[float] = []
        waited = second.acquire(poll_seconds=0.01, sleep=polls.append, stop=lambda: len(polls) > 2)
        assert waited is False and len(polls) == 3
        first.release()
        assert second.acquire(poll_seconds=0.01)
        second.release()
    finally:
        other.engine.dispose()


def test_the_waiting_scheduler_takes_over_when_the_first_stops(
    services: Services, settings: Settings
) -> None:
    other = build_services(settings)
    try:
        first, second = SchedulerLock(services.engine), SchedulerLock(other.engine)
        assert first.try_acquire()
        acquired = threading.Event()

        def wait() -> None:
            if second.acquire(poll_seconds=0.02):
                acquired.set()

        thread = threading.Thread(target=wait)
        thread.start()
        assert not acquired.wait(0.2)
        first.release()
        assert acquired.wait(5)
        thread.join(5)
        second.release()
    finally:
        other.engine.dispose()


def test_weekly_jobs_are_stored_in_the_database_under_explicit_ids(services: Services) -> None:
    for _ in range(2):  # a restart replaces the jobs instead of adding copies
        runner = BackgroundScheduler(timezone=services.settings.program_timezone)
        configure_jobs(runner, services)
        runner.start(paused=True)
        runner.shutdown(wait=False)
    with services.engine.connect() as conn:
        ids = sorted(conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars())
    assert ids == ["weekly_digest", "weekly_prompt", "weekly_reminder"]
    runner = BackgroundScheduler(timezone=services.settings.program_timezone)
    configure_jobs(runner, services)
    prompt = runner.get_job("weekly_prompt")
    assert prompt is not None and prompt.coalesce and prompt.misfire_grace_time >= 3600
    # Friday 18:00 in Lima.
    assert str(prompt.trigger).startswith("cron[day_of_week='fri', hour='18', minute='0'")


def test_run_now_prints_the_prompt_through_the_console(settings: Settings) -> None:
    services = build_services(settings)
    with services.uow() as uow:
        home = Household(name="Familia", district="Chinchao",
                         created_at=datetime(2026, 11, 20, tzinfo=UTC))
        uow.session.add(home)
        uow.session.flush()
        uow.session.add(Stove(code="ABC123", household_id=home.id, installed_on=date(2025, 3, 1)))
        uow.session.add(Phone(number="+51987650001", household_id=home.id))
        uow.commit()
    services.clock = lambda: datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
    obj = {"settings": settings, "services": services}
    result = CliRunner().invoke(main, ["scheduler", "--run-now", "prompt"], obj=obj)
    again = CliRunner().invoke(main, ["scheduler", "--run-now", "prompt"], obj=obj)
    services.engine.dispose()
    assert result.exit_code == 0, result.output
    assert result.output.count("cuantos dias uso su cocina mejorada") == 1
    assert "1 queued" in result.output and "0 queued (" in again.output
    assert "cuantos dias" not in again.output
