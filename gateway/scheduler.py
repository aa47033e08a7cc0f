"""The scheduled jobs; one scheduler process runs them (the Procfile's `worker:`).

Weekly jobs live in the application database (APScheduler's SQLAlchemyJobStore on the
table Alembic made), so a restarted scheduler knows what it missed: `coalesce` runs a job
once however many runs were missed, within a generous misfire grace time. Every job takes
`now` and is idempotent, so running one twice for the same week queues nothing more.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from core.console.overview import console_targets
from core.console.refresh import refresh_console_figures
from core.messaging.review_backlog import escalate_stale_reviews
from core.models import JOBS_TABLE
from core.mrv.parameters import crediting_end_of
from core.outbox.dispatch import dispatch_outbound
from core.outbox.windows import DAYS, WeeklyMoment, last_occurrence, parse_moment, parse_windows
from core.periods import iso_week, local_date
from core.privacy.retention import RetentionPolicy, redact_expired
from core.prompts.reminders import queue_reminders
from core.prompts.weekly import PromptPolicy, queue_weekly_prompts
from core.repairs.tickets import escalate_stale_tickets
from core.staffbot.state import expire_idle_conversations
from gateway.wiring import Services, bot_deps, media_root

log = logging.getLogger(__name__)

DISPATCH_EVERY_SECONDS = 15
# A run keeps sending (waiting for rate limits) this long, then leaves the rest to the next.
DISPATCH_BUDGET_SECONDS = 12.0
MISFIRE_GRACE_SECONDS = 6 * 3600  # a scheduler down for a few hours still runs the week's job
TELEGRAM_EVERY_SECONDS = 30


def send_due_through(services: Services, provider: str, now: datetime | None = None) -> int:
    """Send one provider's due messages at its pace; a stalled peer holds up only these."""
    transport = services.outbox_transports().get(provider)
    if transport is None:
        return 0
    sent = dispatch_outbound(
        services.uow(),
        {provider: transport},
        now=now or services.clock(),
        pacing=services.pacing(budget=DISPATCH_BUDGET_SECONDS),
        drain=True,
    )
    if sent:
        log.info("sent %d queued %s messages", sent, provider)
    return sent


def send_due_messages(services: Services, now: datetime | None = None) -> int:
    """Send every provider's due messages, each provider drained on its own thread."""
    moment = now or services.clock()
    providers = list(services.outbox_transports())
    with ThreadPoolExecutor(max_workers=len(providers), thread_name_prefix="send") as pool:
        return sum(pool.map(lambda p: send_due_through(services, p, moment), providers))


def campaign(services: Services, *, spread: bool = True) -> PromptPolicy:
    """How prompts go out, from settings; the console provider has no operator hours."""
    s = services.settings
    return PromptPolicy(
        provider=s.sms_provider,
        tz=s.program_timezone,
        bulk_hours=None if s.sms_provider == "console" else parse_windows(s.bulk_sms_hours),
        spread=timedelta(minutes=s.prompt_spread_minutes if spread else 0),
        silent_after=timedelta(weeks=s.silent_after_weeks),
    )


def prompt_job(services: Services, now: datetime, *, spread: bool = True) -> str:
    """Queue this week's prompt (and welcomes); a second run for the week queues nothing."""
    run = queue_weekly_prompts(services.uow(), campaign=campaign(services, spread=spread), now=now)
    return (
        f"weekly prompt {run.week}: {run.queued} queued ({run.welcomed} with a welcome), "
        f"{run.already_queued} queued before, {run.already_reported} already reported, "
        f"{len(run.silent)} silent households left out, {run.no_phone} without a phone"
    )


def reminder_job(services: Services, now: datetime, *, spread: bool = True) -> str:
    """Remind those asked at the last prompt who have not answered; once per week."""
    s = services.settings
    asked = last_occurrence(now, parse_moment(s.weekly_prompt_at), s.program_timezone)
    week = iso_week(local_date(asked, s.program_timezone))
    run = queue_reminders(
        services.uow(), campaign=campaign(services, spread=spread), week=week, now=now
    )
    return f"reminder {run.week}: {run.queued} queued, {run.answered} had answered"


def dispatch_job(services: Services, now: datetime, *, spread: bool = True) -> str:
    """Send what is due now."""
    return f"{send_due_messages(services, now)} message(s) sent"


def digest_job(services: Services, now: datetime, *, spread: bool = True) -> str:
    """Queue last week's digest for every coordinator (once per coordinator and week)."""
    from gateway.digests import digest_job as run

    return run(services, now, spread=spread)


JobFunction = Callable[..., str]
JOBS: dict[str, JobFunction] = {
    "prompt": prompt_job,
    "reminder": reminder_job,
    "digest": digest_job,
    "dispatch": dispatch_job,
}
# The process's services, for jobs the database store reconstitutes by name.
_ACTIVE: dict[str, Services] = {}


def run_job(name: str) -> str:
    """Entry point of persisted jobs: a name pickles, services do not."""
    services = _ACTIVE["services"]
    result = JOBS[name](services, services.clock())
    log.info("%s", result)
    return result


def _cron(moment: WeeklyMoment, tz: str, *, days_later: int = 0) -> CronTrigger:
    return CronTrigger(
        day_of_week=DAYS[(moment.weekday + days_later) % 7],
        hour=moment.at.hour,
        minute=moment.at.minute,
        timezone=tz,
    )


def escalate_tickets(services: Services) -> int:
    """Raise repair tickets open for 7 days to their district's coordinators."""
    raised = escalate_stale_tickets(services.uow(), now=services.clock())
    if raised:
        log.info("raised %d repair tickets open for 7 days", raised)
    return raised


def escalate_reviews(services: Services) -> int:
    """Raise household messages unread by a person for 7 days to their coordinators."""
    raised = escalate_stale_reviews(services.uow(), now=services.clock(),
                                    tz=services.settings.program_timezone)
    if raised:
        log.info("raised %d review items open for 7 days", raised)
    return raised


def retention_policy(services: Services) -> RetentionPolicy:
    """How long bodies and photos are kept, from settings (see core.privacy.retention)."""
    s = services.settings
    return RetentionPolicy(
        crediting_period_end=crediting_end_of(services.parameters()).value,
        buyer_retention_years=s.buyer_retention_years,
        message_body_days=s.message_body_retention_days or None,
        photo_days=s.photo_retention_days or None,
    )


def redact_past_retention(services: Services) -> int:
    """Daily: redact message bodies and photos of issued periods past their retention."""
    run = redact_expired(services.uow(), retention_policy(services),
                         media_root=media_root(services.settings),
                         tz=services.settings.program_timezone, now=services.clock())
    if run.bodies or run.photos:
        log.info("retention: %d message bodies and %d photos redacted", run.bodies, run.photos)
    return run.bodies + run.photos


def refresh_figures(services: Services) -> int:
    """Recompute the console's stale figures of the pages viewed today (bounded serving lag)."""
    s = services.settings
    run = refresh_console_figures(services.uow(), parameters=services.parameters(),
                                  tz=s.program_timezone, now=services.clock(),
                                  targets=console_targets(s))
    if run.refreshed:
        log.info("console: %d stale figures recomputed, %d left", run.refreshed, run.left)
    return run.refreshed


def expire_conversations(services: Services) -> int:
    """End bot conversations idle for 30 minutes, telling each member."""
    return expire_idle_conversations(services.uow(), now=services.clock())


def handle_telegram_updates(services: Services) -> int:
    """Handle stored Telegram updates no web worker got to (retries when the web is idle)."""
    from bot.runner import drain_once

    return drain_once(bot_deps(services))


def configure_jobs(
    scheduler: BaseScheduler, services: Services, *, persistent: bool = True
) -> BaseScheduler:
    """Add every job under an explicit id; weekly ones go to the database's job store."""
    s = services.settings
    _ACTIVE["services"] = services
    scheduler.add_jobstore(MemoryJobStore(), "memory")
    if persistent:
        scheduler.add_jobstore(
            SQLAlchemyJobStore(engine=services.engine, tablename=JOBS_TABLE), "default"
        )
    else:
        scheduler.add_jobstore(MemoryJobStore(), "default")
    # One sending job per provider: a stalled SMTP server never holds up SMS or Telegram.
    for provider in services.outbox_transports():
        scheduler.add_job(
            send_due_through, "interval", args=[services, provider],
            id=f"send_due_messages_{provider}", jobstore="memory", coalesce=True,
            max_instances=1, replace_existing=True, seconds=DISPATCH_EVERY_SECONDS,
        )
    interval_jobs: list[tuple[Callable[[Services], int], dict[str, int]]] = [
        (escalate_tickets, {"minutes": 60}),
        (escalate_reviews, {"minutes": 60}),
        (expire_conversations, {"minutes": 1}),
        (redact_past_retention, {"hours": 24}),
        (refresh_figures, {"minutes": s.console_figures_refresh_minutes}),
    ]
    if s.telegram_bot_token:
        interval_jobs.append((handle_telegram_updates, {"seconds": TELEGRAM_EVERY_SECONDS}))
    for job, every in interval_jobs:
        scheduler.add_job(
            job, "interval", args=[services], id=job.__name__, jobstore="memory",
            coalesce=True, max_instances=1, replace_existing=True, **every,
        )
    prompt_at = parse_moment(s.weekly_prompt_at)
    weekly = {
        "weekly_prompt": ("prompt", _cron(prompt_at, s.program_timezone)),
        "weekly_reminder": (
            "reminder",
            _cron(prompt_at, s.program_timezone, days_later=s.reminder_after_days),
        ),
        "weekly_digest": ("digest", _cron(parse_moment(s.digest_at), s.program_timezone)),
    }
    for job_id, (name, trigger) in weekly.items():
        scheduler.add_job(
            run_job, trigger, args=[name], id=job_id, jobstore="default", coalesce=True,
            max_instances=1, misfire_grace_time=MISFIRE_GRACE_SECONDS, replace_existing=True,
        )
    return scheduler
