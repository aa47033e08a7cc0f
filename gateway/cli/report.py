"""`qoncha report`: the monitoring report of a period as JSON, CSV or a self-contained HTML page."""

import gc
import importlib
from datetime import date, datetime
from pathlib import Path

import click

from core.monitoring.report import MonitoringReport, compute_report
from core.mrv.parameters import Parameters
from core.reporting.wording import DEFAULT_LANGUAGE, LANGUAGES
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.options import period, period_options
from gateway.cli.output import out_option, write_output
from gateway.cli.parameters import parameters_in_force
from gateway.wiring import Services

_RENDERERS = {
    "json": "gateway.renderers.report_json",
    "csv": "gateway.renderers.report_csv",
    "html": "gateway.renderers.report_html",
}


@main.command()
@period_options("First day of the period, YYYY-MM-DD.", "Last day of the period (inclusive).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(_RENDERERS)),
    default="json",
    show_default=True,
    help="JSON, a long CSV table, or one self-contained HTML page.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="Language of the HTML page's words (es: Spanish for coordinators and staff). "
    "JSON and CSV keep their English machine keys in every language.",
)
@out_option
@click.pass_context
def report(
    ctx: click.Context,
    start: date | None,
    end: date | None,
    fmt: str,
    lang: str,
    out: Path | None,
) -> None:
    """The monitoring report of a period: stove-days, verified usage, ER and their evidence.

    Days are inclusive and counted in the programme time zone (PROGRAM_TIMEZONE).
    """
    first, last = period(start, end)
    services = get_services(ctx)
    parameters = parameters_in_force(services)
    # The CLI has imported every command's libraries; while the report runs, spare its
    # allocations full collections that rescan all those objects (about 0.1 s each).
    gc.freeze()
    try:
        result = period_report(services, parameters, first, last, now=services.clock())
    finally:
        gc.unfreeze()
    text: str = importlib.import_module(_RENDERERS[fmt]).render(result.as_dict(), lang=lang)
    write_output(out, lambda stream: stream.write(text))


def period_report(
    services: Services,
    parameters: Parameters,
    start: date,
    end: date,
    *,
    now: datetime,
    as_of: datetime | None = None,
) -> MonitoringReport:
    """Compute a period's report in the programme time zone, refusing a bad period in one line.

    The `report` and `ledger issue` commands both compute through here, so an issuance
    rests on exactly the figures the report prints.
    """
    try:
        return compute_report(
            services.uow(),
            period_start=start,
            period_end=end,
            parameters=parameters,
            tz=services.settings.program_timezone,
            now=now,
            as_of=as_of,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from exc
