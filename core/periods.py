"""Weeks and periods in the programme's time zone (stored times are UTC)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# "The last 7 days" end on the day a household answers; most of those days fall in the ISO
# week of the day three days earlier, so that is the week the report counts for.
REPORT_LOOKBACK_DAYS = 3


def local_date(moment: datetime, tz: str) -> date:
    """The calendar day of a UTC moment where the households live."""
    return moment.astimezone(ZoneInfo(tz)).date()


def iso_week(day: date) -> str:
    """ISO week label such as 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def report_week(received_at: datetime, tz: str) -> str:
    """The ISO week a usage report received at this moment describes."""
    return iso_week(local_date(received_at, tz) - timedelta(days=REPORT_LOOKBACK_DAYS))


def week_start(label: str) -> date:
    """Monday of an ISO week label."""
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def day_bounds_utc(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    """UTC instants covering local days first..last inclusive, as [start, end)."""
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last + timedelta(days=1), time.min, zone)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


# Days accepted anywhere (imports, command options): a floor the operator sets with
# PROGRAM_EARLIEST_DATE (typos such as 0001-01-01 or 1900-01-01 fall below it), and a ceiling
# far past any programme, as for receive times, so date arithmetic never leaves the calendar.
DEFAULT_EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def day_out_of_range(day: date, earliest: date) -> str | None:
    """Why a day lies outside the days the programme accepts, or None when it lies within."""
    if day < earliest:
        return f"is before {earliest}, the earliest date accepted (PROGRAM_EARLIEST_DATE)"
    if day > LATEST_DAY:
        return f"is after {LATEST_DAY}, the latest date accepted"
    return None
