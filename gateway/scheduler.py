"""The scheduled jobs; one scheduler process runs them (the Procfile's `worker:`)."""

import logging

from apscheduler.schedulers.base import BaseScheduler

from core.services.outbound import dispatch_outbound
from gateway.wiring import Services

log = logging.getLogger(__name__)

DISPATCH_EVERY_SECONDS = 15


def send_due_messages(services: Services) -> int:
    """Send queued SMS whose time has come (retries, replies whose first send failed)."""
    sent = dispatch_outbound(services.uow(), services.transports, now=services.clock())
    if sent:
        log.info("sent %d queued SMS", sent)
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
