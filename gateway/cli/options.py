"""Options several commands share: ISO days and the period they bound, refused in one line.

Every command reads `--from`/`--to` through these, so a bad day or a reversed period gives
the same one-line reason on stderr and exit status 1 everywhere, as the contract asks,
rather than click's multi-line usage error.
"""

import contextlib
import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from core.periods import day_out_of_range
from gateway.cli.context import CliError, get_settings

F = TypeVar("F", bound=Callable[..., Any])
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDate(click.ParamType):
    """A calendar day written YYYY-MM-DD, within the days the programme accepts.

    Anything else is refused naming the option: a day before PROGRAM_EARLIEST_DATE or past
    the latest day accepted as well, so that no date arithmetic leaves the calendar.
    """

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Parse the day, or raise a one-line CliError naming the option and what was given."""
        if isinstance(value, date):
            return value
        option = param.opts[0] if param is not None and param.opts else "date"
        text = str(value).strip()
        day = None
        # date.fromisoformat also takes 20250101 and 2025-W01-1; the CLI promises one form.
        if _ISO_DAY.fullmatch(text):
            with contextlib.suppress(ValueError):  # 2025-02-30 and the like: refused below
                day = date.fromisoformat(text)
        if day is None:
            raise CliError(f"{option} {value!r} is not a date (expected YYYY-MM-DD)")
        if ctx is not None:
            refuse_out_of_range(ctx, option, day)
        return day


ISO_DATE = IsoDate()


def refuse_out_of_range(
    ctx: click.Context, option: str, day: date, shown: str | None = None
) -> None:
    """Refuse in one line a day before PROGRAM_EARLIEST_DATE or after the latest accepted."""
    outside = day_out_of_range(day, get_settings(ctx).program_earliest_date)
    if outside is not None:
        raise CliError(f"{option} {shown or day} {outside}")


def period_options(first_help: str, last_help: str) -> Callable[[F], F]:
    """Add `--from` and `--to` as ISO days passed as `start` and `end` (None when absent).

    They are not click-required: `period` refuses a missing one in one line instead.
    """

    def decorate(command: F) -> F:
        command = click.option(
            "--to", "end", type=ISO_DATE, default=None, metavar="DATE", help=last_help
        )(command)
        return click.option(
            "--from", "start", type=ISO_DATE, default=None, metavar="DATE", help=first_help
        )(command)

    return decorate


def period(start: date | None, end: date | None) -> tuple[date, date]:
    """Both days of an inclusive period, refusing a missing day or an end before the start."""
    if start is None:
        raise CliError("--from DATE is required (YYYY-MM-DD)")
    if end is None:
        raise CliError("--to DATE is required (YYYY-MM-DD)")
    if end < start:
        raise CliError(f"--to {end} is before --from {start}")
    return start, end
