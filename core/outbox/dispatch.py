"""The dispatcher: sends what the outbox holds, under the deployment's delivery policy."""

import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.db.uow import UnitOfWork
from core.outbox.delivery import (
    Claimed,
    claim_due,
    record_send_failure,
    record_sent,
    record_sent_many,
    release,
    renew_leases,
)
from core.outbox.policy import DeliveryPolicy
from core.phones import mask_phone
from core.ports import SendError

log = logging.getLogger(__name__)


@dataclass
class Pacing:
    """One dispatcher run under the process's delivery policy (required: no default policy).

    `budget` is how long one run may keep sending (waiting for rate limits included) before
    it gives the rest back; `clock` and `sleep` are monotonic seconds, replaced in tests.
    """

    policy: DeliveryPolicy
    budget: float = 0.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: Callable[[], float] = random.random
    # Sends in flight at once when no rate limit applies (a thread pool; the bench, bulk runs).
    workers: int = 1
    _start: float = field(default=0.0, init=False)
    _waited: float = field(default=0.0, init=False)

    def elapsed(self) -> float:
        """Seconds since this run started."""
        return self.clock() - self._start

    def moment(self, now: datetime) -> datetime:
        """The run's `now` moved on by the time it waited for rate limits."""
        return now + timedelta(seconds=self._waited)

    def current(self, now: datetime) -> datetime:
        """The run's `now` moved on by all the time it took (leases are renewed from here)."""
        return now + timedelta(seconds=max(self.elapsed(), self._waited))

    def still_ours(
        self, uow: UnitOfWork, claims: Sequence[Claimed], now: datetime
    ) -> list[Claimed]:
        """Renew the lease of rows about to be sent; those another dispatcher took are dropped."""
        return renew_leases(uow, claims, now=self.current(now), lease=self.policy.lease)

    def wait(self, seconds: float) -> None:
        """Sleep for a rate limit, and count it."""
        self.sleep(seconds)
        self._waited += seconds


def _send(transport: Any, claimed: Claimed) -> Any:
    if claimed.payload is not None:
        return transport.send(
            to=claimed.to, body=claimed.body, reference=str(claimed.id), payload=claimed.payload
        )
    return transport.send(to=claimed.to, body=claimed.body, reference=str(claimed.id))


def _masked(claimed: Claimed) -> str:
    return mask_phone(claimed.to) if claimed.channel == "sms" else claimed.to[:4] + "..."


def _record_failure(
    uow: UnitOfWork, claimed: Claimed, exc: SendError, *, now: datetime, pacing: Pacing
) -> datetime | None:
    """Log and record a failed send; returns the retry time, None if given up."""
    log.warning("sending outbound %d to %s failed: %s", claimed.id, _masked(claimed), exc)
    return record_send_failure(
        uow,
        outbound_id=claimed.id,
        error=str(exc),
        permanent=exc.permanent,
        now=now,
        retry_after=exc.retry_after,
        recipient_state=exc.recipient_state,
        rng=pacing.rng,
    )


def _deliver(
    uow: UnitOfWork, transport: Any, claimed: Claimed, *, now: datetime, pacing: Pacing
) -> tuple[bool, datetime | None]:
    """Send one message; returns whether it was accepted, and when to retry the recipient."""
    try:
        result = _send(transport, claimed)
    except SendError as exc:
        next_at = _record_failure(uow, claimed, exc, now=now, pacing=pacing)
        if next_at is None and exc.recipient_state:
            # Later messages to this recipient are given back; the next claim suppresses them.
            next_at = now
        return False, next_at
    record_sent(
        uow, outbound_id=claimed.id, provider_id=result.provider_id, status=result.status, now=now
    )
    return True, None


def dispatch_outbound(
    uow: UnitOfWork,
    transports: Mapping[str, Any],
    *,
    now: datetime,
    pacing: Pacing,
    limit: int = 50,
    drain: bool = False,
    only: Sequence[int] | None = None,
) -> int:
    """Send what is due through each provider's transport; returns how many were accepted.

    With `drain`, claims batch after batch until nothing is due or the budget is spent;
    `only` sends just those rows (a webhook's own reply). Messages to a recipient whose
    earlier message must wait are given back, to keep order.
    """
    pacing._start, pacing._waited = pacing.clock(), 0.0
    sent = 0
    while True:
        moment = pacing.moment(now)
        batch = claim_due(
            uow,
            providers=list(transports),
            now=moment,
            limit=limit,
            policy=pacing.policy,
            only=only,
        )
        waiting: dict[tuple[str, str], datetime] = {}
        if pacing.policy.limiter is None and pacing.workers > 1:
            sent += _concurrently(uow, transports, batch, now=moment, pacing=pacing)
        else:
            for claimed in batch:
                sent += _one(uow, transports, claimed, now=now, pacing=pacing, waiting=waiting)
        if not drain or len(batch) < limit or (pacing.budget and pacing.elapsed() > pacing.budget):
            return sent


def _one(
    uow: UnitOfWork,
    transports: Mapping[str, Any],
    claimed: Claimed,
    *,
    now: datetime,
    pacing: Pacing,
    waiting: dict[tuple[str, str], datetime],
) -> int:
    key = (claimed.provider, claimed.to)
    if key in waiting:
        release(uow, claimed, until=waiting[key])
        return 0
    limiter = pacing.policy.limiter
    if limiter is not None:
        wait = limiter.wait_time(claimed.provider, claimed.to, pacing.clock())
        if wait > 0 and pacing.elapsed() + wait > pacing.budget:
            until = pacing.moment(now) + timedelta(seconds=wait)
            waiting[key] = until
            release(uow, claimed, until=until)
            return 0
        if wait > 0:
            pacing.wait(wait)
        limiter.take(claimed.provider, claimed.to, pacing.clock())
    if not pacing.still_ours(uow, [claimed], now):
        return 0
    moment = pacing.moment(now)
    accepted, retry_at = _deliver(
        uow, transports[claimed.provider], claimed, now=moment, pacing=pacing
    )
    if retry_at is not None:
        waiting[key] = retry_at
    return 1 if accepted else 0


def _concurrently(
    uow: UnitOfWork,
    transports: Mapping[str, Any],
    batch: list[Claimed],
    *,
    now: datetime,
    pacing: Pacing,
) -> int:
    """Send a batch with a thread pool, a wave of `workers` rows at a time.

    Each wave's leases are renewed first, so no row waits in the pool past its lease; the
    accepted ones are recorded in one transaction. Only the first message to each recipient
    goes in a batch (the rest are given back for the next), so they still leave in order.
    """
    first: dict[tuple[str, str], Claimed] = {}
    for claimed in batch:
        key = (claimed.provider, claimed.to)
        if key in first:
            release(uow, claimed, until=now)
        else:
            first[key] = claimed

    def attempt(claimed: Claimed) -> tuple[Claimed, Any]:
        try:
            return claimed, _send(transports[claimed.provider], claimed)
        except SendError as exc:
            return claimed, exc

    outcomes: list[tuple[Claimed, Any]] = []
    pending = list(first.values())
    with ThreadPoolExecutor(max_workers=pacing.workers) as pool:
        for start in range(0, len(pending), pacing.workers):
            wave = pacing.still_ours(uow, pending[start : start + pacing.workers], now)
            outcomes.extend(pool.map(attempt, wave))
    accepted = [
        (c.id, r.provider_id, r.status) for c, r in outcomes if not isinstance(r, SendError)
    ]
    record_sent_many(uow, results=accepted, now=now)
    for claimed, result in outcomes:
        if isinstance(result, SendError):
            _record_failure(uow, claimed, result, now=now, pacing=pacing)
    return len(accepted)
