"""When a household's SMS counts as received: the phone's own time if plausible, else arrival.

The Android gateway phone may forward an SMS hours or days after it received it (no signal,
no battery); the report belongs to the week the household wrote it. A phone clock can be
wrong, though, so its time is believed only between 14 days before arrival and arrival.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_AGE = timedelta(days=14)
# Clocks of phone and server differ by seconds; a phone time this little ahead is arrival.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Receipt:
    """The moment a message counts from, and why arrival was used instead (None: it wasn't)."""

    at: datetime
    note: str | None = None


def attribute_receipt(reported: datetime | None, arrived: datetime) -> Receipt:
    """Clamp the provider's receive time to [arrival - 14 days, arrival], else use arrival."""
    if reported is None:
        return Receipt(arrived, "no provider receive time: counted at arrival")
    stamp = reported.isoformat(timespec="seconds")
    if reported > arrived + CLOCK_SKEW:
        return Receipt(arrived, f"provider receive time {stamp} after arrival: counted at arrival")
    if reported > arrived:
        return Receipt(arrived)
    if reported < arrived - MAX_AGE:
        note = f"provider receive time {stamp} over 14 days before arrival: counted at arrival"
        return Receipt(arrived, note)
    return Receipt(reported)
