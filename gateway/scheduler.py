"""The scheduled jobs; one scheduler process runs them (the Procfile's `worker:`)."""

import logging

from apscheduler.schedulers.base import BaseScheduler

from core.services.dispatch import dispatch_outbound
from gateway.wiring import Services

log = logging.getLogger(__name__)

DISPATCH_EVERY_SECONDS = 15
# A run keeps sending (waiting for rate limits) this long, then leaves the rest to the next.
DISPATCH_BUDGET_SECONDS = 12.0


def send_due_messages(services: Services) -> int:
    """Send queued messages of every channel whose time has come, at the allowed pace."""
    sent = dispatch_outbound(
        services.uow(),
        services.outbox_transports(),
        now=services.clock(),
        pacing=services.pacing(budget=DISPATCH_BUDGET_SECONDS),
        drain=True,
    )
    if sent:
        log.info("sent %d queued messages", sent)
    return sent


def configure_jobs(scheduler: BaseScheduler, services: Services) -> BaseScheduler:
    """Add every job to a scheduler; jobs coalesce so a slow run never stacks up copies."""
    scheduler.add_job(
        send_due_messages,
        "interval",
        seconds=DISPATCH_EVERY_SECONDS,
        args=[services],
        id="send_due_messages",
        coalesce=True,
        max_instances=1,
        replace_existing=True,
    )
    return scheduler
