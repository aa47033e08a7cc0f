"""The scheduled jobs; one scheduler process runs them (the Procfile's `worker:`)."""

import logging

from apscheduler.schedulers.base import BaseScheduler

from core.services.bot_state import expire_idle_conversations
from core.services.outbound import dispatch_outbound
from core.services.tickets import escalate_stale_tickets
from gateway.wiring import Services, bot_deps

log = logging.getLogger(__name__)

DISPATCH_EVERY_SECONDS = 15
TELEGRAM_EVERY_SECONDS = 30


def send_due_messages(services: Services) -> int:
    """Send queued SMS whose time has come (retries, replies whose first send failed)."""
    sent = dispatch_outbound(services.uow(), services.transports, now=services.clock())
    if sent:
        log.info("sent %d queued SMS", sent)
    return sent


def escalate_tickets(services: Services) -> int:
    """Raise repair tickets open for 7 days to their district's coordinators."""
    raised = escalate_stale_tickets(services.uow(), now=services.clock())
    if raised:
        log.info("raised %d repair tickets open for 7 days", raised)
    return raised


def expire_conversations(services: Services) -> int:
    """End bot conversations idle for 30 minutes, telling each member."""
    return expire_idle_conversations(services.uow(), now=services.clock())


def handle_telegram_updates(services: Services) -> int:
    """Handle stored Telegram updates no web worker got to (retries when the web is idle)."""
    from bot.runner import drain_once

    return drain_once(bot_deps(services))


def configure_jobs(scheduler: BaseScheduler, services: Services) -> BaseScheduler:
    """Add every job to a scheduler; jobs coalesce so a slow run never stacks up copies."""
    jobs: list[tuple[object, dict[str, int]]] = [
        (send_due_messages, {"seconds": DISPATCH_EVERY_SECONDS}),
        (escalate_tickets, {"minutes": 60}),
        (expire_conversations, {"minutes": 1}),
    ]
    if services.settings.telegram_bot_token:
        jobs.append((handle_telegram_updates, {"seconds": TELEGRAM_EVERY_SECONDS}))
    for job, every in jobs:
        scheduler.add_job(
            job,
            "interval",
            args=[services],
            id=getattr(job, "__name__", str(job)),
            coalesce=True,
            max_instances=1,
            replace_existing=True,
            **every,
        )
    return scheduler
