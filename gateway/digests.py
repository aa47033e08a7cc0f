"""Digest runs for the scheduler and the CLI: compute once, render per coordinator, queue."""

import logging
from datetime import datetime, timedelta

from core.monitoring.digest import Digest, coordinator_digest, coordinators, digest_basis
from core.monitoring.digest_queue import queue_digest
from core.periods import iso_week, local_date
from gateway.renderers.digest import digest_payloads
from gateway.wiring import Services

log = logging.getLogger(__name__)


def last_week(services: Services, now: datetime) -> str:
    """The ISO week before `now`'s, in the programme time zone: the week a Monday digest covers."""
    return iso_week(local_date(now, services.settings.program_timezone) - timedelta(days=7))


def build_digests(
    services: Services, *, week: str, now: datetime, only: int | None = None
) -> list[Digest]:
    """Every coordinator's digest for a week (or one coordinator's)."""
    s = services.settings
    people = coordinators(services.uow(), only=only)
    if not people:
        return []
    basis = digest_basis(
        services.uow(),
        week=week,
        parameters=services.parameters(),
        tz=s.program_timezone,
        now=now,
    )
    return [
        coordinator_digest(
            services.uow(),
            basis,
            person,
            tz=s.program_timezone,
            now=now,
            silent_after=timedelta(weeks=s.silent_after_weeks),
        )
        for person in people
    ]


def send_digests(services: Services, *, week: str, now: datetime) -> dict[str, int]:
    """Queue each coordinator's digest once per week; counts by outcome."""
    counts = {"queued": 0, "skipped": 0, "already": 0}
    for digest in build_digests(services, week=week, now=now):
        messages = digest_payloads(digest, public_base_url=services.settings.public_base_url)
        coordinator = digest.coordinator
        if coordinator.telegram_chat_id is None and not coordinator.email:
            counts["skipped"] += 1
        channels = queue_digest(
            services.uow(),
            coordinator=coordinator,
            week=week,
            messages=messages,
            now=now,
        )
        if channels:
            counts["queued"] += 1
        elif coordinator.telegram_chat_id is not None or coordinator.email:
            counts["already"] += 1
    return counts


def digest_job(services: Services, now: datetime, *, spread: bool = True) -> str:
    """The Monday job: last week's digest to every coordinator."""
    week = last_week(services, now)
    counts = send_digests(services, week=week, now=now)
    return (
        f"digest {week}: {counts['queued']} coordinator(s) queued, {counts['already']} had it, "
        f"{counts['skipped']} without Telegram or e-mail"
    )
