"""How fast and how often: retry back-off with jitter, and per-channel rate limits."""

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(minutes=30)
# With the cap, ten attempts span about two hours: a provider down for an hour loses nothing.
SEND_ATTEMPTS = 10


def backoff(
    attempts: int, *, retry_after: float | None = None, rng: Callable[[], float] = random.random
) -> timedelta:
    """The wait before the next attempt: the provider's retry_after, else capped 2^n with jitter.

    Jitter (between half and all of the exponential wait) keeps a thousand messages that failed
    together during an outage from all coming back in the same second.
    """
    if retry_after is not None and retry_after >= 0:
        return timedelta(seconds=retry_after)
    exponential = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(attempts - 1, 0)))
    return exponential * (0.5 + 0.5 * rng())


@dataclass(frozen=True)
class Rule:
    """At most one send every `interval` seconds, per recipient or over the whole provider."""

    interval: float
    per_recipient: bool = False


@dataclass
class RateLimiter:
    """Spaces sends out in this process: `wait_time` says how long a send must still wait.

    Time is a monotonic number of seconds supplied by the caller (tests pass their own).
    """

    rules: dict[str, tuple[Rule, ...]]
    _next_free: dict[tuple[str, str], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keys(self, provider: str, recipient: str) -> list[tuple[Rule, tuple[str, str]]]:
        return [
            (rule, (provider, recipient if rule.per_recipient else "*"))
            for rule in self.rules.get(provider, ())
            if rule.interval > 0
        ]

    def wait_time(self, provider: str, recipient: str, at: float) -> float:
        """Seconds until a send to `recipient` through `provider` is allowed (0: now)."""
        with self._lock:
            keys = self._keys(provider, recipient)
            return max((self._next_free.get(k, at) - at for _, k in keys), default=0.0)

    def take(self, provider: str, recipient: str, at: float) -> None:
        """Record a send at `at`, pushing the next allowed moment of each rule."""
        with self._lock:
            for rule, key in self._keys(provider, recipient):
                self._next_free[key] = max(self._next_free.get(key, at), at) + rule.interval
