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
