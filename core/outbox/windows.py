"""Weekly windows ("mon-fri 08:00-20:00; sat 09:00-13:00") and weekly moments ("fri 18:00").

Peruvian operators accept bulk SMS only in daytime hours; the same notation configures the
weekly prompt and the digest, all read in the programme time zone.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Window:
    """Local hours [start, end) on a set of weekdays (0 = Monday)."""

    weekdays: frozenset[int]
    start: time
    end: time


@dataclass(frozen=True)
class WeeklyMoment:
    """A weekday and a local time of day."""

    weekday: int
    at: time


def _day(name: str) -> int:
    try:
        return DAYS.index(name.strip().lower()[:3])
    except ValueError:
        raise ValueError(f"unknown weekday {name!r} (use mon, tue, ... sun)") from None


def _days(spec: str) -> frozenset[int]:
    days: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        a, b = _day(first), _day(last) if last else _day(first)
        if b < a:
            raise ValueError(f"weekday range {part!r} runs backwards")
        days.update(range(a, b + 1))
    return frozenset(days)


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is no time of day (HH:MM)") from None


def parse_windows(spec: str) -> tuple[Window, ...]:
    """Read "mon-fri 08:00-20:00; sat 09:00-13:00"; an empty string means never."""
    windows = []
    for chunk in filter(None, (c.strip() for c in spec.split(";"))):
        days, _, hours = chunk.partition(" ")
        start, sep, end = hours.strip().partition("-")
        if not sep:
            raise ValueError(f"window {chunk!r} needs hours like 08:00-20:00")
        window = Window(_days(days), _time(start), _time(end))
        if window.end <= window.start:
            raise ValueError(f"window {chunk!r} ends before it starts")
        windows.append(window)
    return tuple(windows)


def parse_moment(spec: str) -> WeeklyMoment:
    """Read "fri 18:00"."""
    day, _, at = spec.strip().partition(" ")
    if not at:
        raise ValueError(f"{spec!r} needs a weekday and a time, like fri 18:00")
    return WeeklyMoment(_day(day), _time(at))


def in_windows(moment: datetime, windows: tuple[Window, ...], tz: str) -> bool:
    """Whether a UTC moment falls inside one of the windows, in local time."""
    local = moment.astimezone(ZoneInfo(tz))
    clock = local.time().replace(tzinfo=None)
    return any(local.weekday() in w.weekdays and w.start <= clock < w.end for w in windows)


def window_end(moment: datetime, windows: tuple[Window, ...], tz: str) -> datetime | None:
    """The end of the window a moment is in (UTC), None outside every window."""
    local = moment.astimezone(ZoneInfo(tz))
    clock = local.time().replace(tzinfo=None)
    for w in windows:
        if local.weekday() in w.weekdays and w.start <= clock < w.end:
            return datetime.combine(local.date(), w.end, local.tzinfo).astimezone(moment.tzinfo)
    return None


def next_opening(moment: datetime, windows: tuple[Window, ...], tz: str) -> datetime | None:
    """The first moment at or after `moment` inside a window (UTC); None if there is none."""
    if in_windows(moment, windows, tz):
        return moment
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        starts = sorted(w.start for w in windows if day.weekday() in w.weekdays)
        for start in starts:
            candidate = datetime.combine(day, start, zone)
            if candidate >= local:
                return candidate.astimezone(moment.tzinfo)
    return None


def last_occurrence(moment: datetime, when: WeeklyMoment, tz: str) -> datetime:
    """The latest local `when` at or before a UTC moment (the run a job stands for)."""
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    back = (local.weekday() - when.weekday) % 7
    candidate = datetime.combine(local.date() - timedelta(days=back), when.at, zone)
    if candidate > local:
        candidate -= timedelta(days=7)
    return candidate.astimezone(moment.tzinfo)
