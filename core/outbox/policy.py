"""What a sender may send now: one delivery policy per process, built in the composition root.

Rate limits and the bulk-SMS hours differ by deployment, so nothing here has a default: every
dispatcher (the scheduler's, a webhook's reply in the request's wake) is handed the same policy.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.outbox.pacing import RateLimiter
from core.outbox.windows import Window, in_windows

# Messages to many households at once; they wait for the operators' daytime window.
BULK_PURPOSES = ("prompt", "reminder", "welcome")


@dataclass(frozen=True)
class DeliveryPolicy:
    """The deployment's delivery rules; `lease` outlasts any single send's `deadline`.

    `limiter` None sends at once; `bulk_hours` None means bulk SMS at any hour.
    """

    limiter: RateLimiter | None
    bulk_hours: tuple[Window, ...] | None
    tz: str
    lease: timedelta
    deadline: float

    def __post_init__(self) -> None:
        if timedelta(seconds=self.deadline) >= self.lease:
            raise ValueError("a send's deadline must be shorter than the lease on its row")

    def bulk_allowed(self, now: datetime) -> bool:
        """Whether bulk SMS may leave at this moment."""
        return self.bulk_hours is None or in_windows(now, self.bulk_hours, self.tz)
