"""`qoncha report`: the monitoring report of a period as JSON, CSV or a self-contained HTML page."""

import importlib
import os
from datetime import date
from pathlib import Path

import click

from core.mrv.parameters import ParameterError
from core.services.report import compute_report
from gateway.cli import main
from gateway.cli.context import CliError, get_services

_RENDERERS = {
    "json": "gateway.renderers.report_json",
    "csv": "gateway.renderers.report_csv",
    "html": "gateway.renderers.report_html",
}


def _day(value: str | None, option: str) -> date:
    """Parse an ISO day given on the command line, or refuse it in one line."""
    if not value:
        raise CliError(f"{option} DATE is required (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from exc


@main.command()
@click.option("--from", "first", metavar="DATE", help="First day of the period, YYYY-MM-DD.")
@click.option("--to", "last", metavar="DATE", help="Last day of the period (inclusive).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(_RENDERERS)),
    default="json",
    show_default=True,
    help="JSON, a long CSV table, or one self-contained HTML page.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (replaced only once complete) instead of stdout.",
)
@click.pass_context
def report(
    ctx: click.Context, first: str | None, last: str | None, fmt: str, out: Path | None
) -> None:
    """The monitoring report of a period: stove-days, verified usage, ER and their evidence.

    Days are inclusive and counted in the programme time zone (PROGRAM_TIMEZONE).
    """
    start, end = _day(first, "--from"), _day(last, "--to")
    if end < start:
        raise CliError(f"--to {end} is before --from {start}")
    services = get_services(ctx)
    try:
        parameters = services.parameters()
    except (ParameterError, OSError) as exc:
        raise CliError(f"parameters refused: {exc}") from exc
    try:
        result = compute_report(
            services.uow(),
            period_start=start,
            period_end=end,
            parameters=parameters,
            tz=services.settings.program_timezone,
            now=services.clock(),
        )
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    text: str = importlib.import_module(_RENDERERS[fmt]).render(result.as_dict())
    _write(text, out)


def _write(text: str, out: Path | None) -> None:
    """Print to stdout, or write a temporary file renamed over `out` once complete."""
    if out is None:
        click.echo(text, nl=False)
        return
    partial = out.with_name(f".{out.name}.part")
    try:
        partial.write_text(text, encoding="utf-8", newline="")
        os.replace(partial, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
