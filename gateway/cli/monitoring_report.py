"""`qoncha monitoring-report`: the buyer's package of a period (mrv.md "Monitoring report for
the buyer"): the report with reductions per calendar year, its integrity conditions, the
filing deadline and the measurement data, de-identified, under a SHA-256 manifest."""

from datetime import date
from pathlib import Path

import click

from core.monitoring.buyer_data import Pseudonyms, deidentified_data
from core.mrv.crediting import crediting_end_of
from core.reporting.buyer import buyer_summary, check_buyer_period
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.options import period, period_options
from gateway.cli.parameters import parameters_in_force
from gateway.cli.report import period_report
from gateway.renderers.buyer_package import SUMMARY, json_bytes, table_csv, write_package

_README = """Monitoring report {id}, period {start} to {end}.

{summary}  the report for the buyer: reductions per calendar year, integrity
    conditions, filing deadline ({deadline}) and the digest of report.json's content.
report.json  the full monitoring report (the figures and every parameter they rest on).
parameters.toml  the methodology parameters file the report was computed with.
data/*.csv  the measurement data, de-identified: households (H-...) and stoves (S-...)
    carry stable keyed pseudonyms; no name, phone number, coordinate or free text.
manifest.sha256  the SHA-256 of every other file: check with `sha256sum -c manifest.sha256`.
"""


@main.command("monitoring-report")
@period_options("First day of the period, YYYY-MM-DD.", "Last day (inclusive); at most 3 years.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="New folder, or a file ending .zip (default: folder monitoring-report-FROM-TO).",
)
@click.pass_context
def monitoring_report(
    ctx: click.Context, start: date | None, end: date | None, out: Path | None
) -> None:
    """Write the buyer's monitoring report of a period, with its de-identified data."""
    first, last = period(start, end)
    services = get_services(ctx)
    parameters = parameters_in_force(services)
    ending = crediting_end_of(parameters)
    try:
        check_buyer_period(first, last, ending)
        pseudonyms = Pseudonyms(services.settings.monitoring_pseudonym_key.get_secret_value())
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    report = period_report(services, parameters, first, last, now=services.clock())
    figures = report.as_dict()
    summary = buyer_summary(figures, crediting_end=ending, report_digest=report.digest)
    tables = deidentified_data(
        services.uow(),
        period_start=first,
        period_end=last,
        pseudonyms=pseudonyms,
    )
    text = _README.format(
        id=summary["monitoring_report_id"], start=first, end=last, summary=SUMMARY,
        deadline=summary["filing_deadline"],
    )  # fmt: skip
    files = {
        "README.txt": text.encode("utf-8"),
        SUMMARY: json_bytes(summary),
        "report.json": json_bytes(figures),
        "parameters.toml": parameters.source_text.encode("utf-8"),
        **{f"data/{t.name}.csv": table_csv(t) for t in tables},
    }
    target = out or Path(f"monitoring-report-{first}-{last}")
    try:
        digest = write_package(target, files)
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from exc
    click.echo(f"monitoring report {summary['monitoring_report_id']} written to {target}")
    click.echo(f"package sha256 (of its manifest.sha256): {digest}")
    click.echo(
        f"file by {summary['filing_deadline']}; integrity: {summary['integrity_all_passed']}"
    )
    for year in summary["reductions_by_year"]:
        click.echo(
            f"  {year['year']}: {year['er_tco2e']:.4f} tCO2e, {year['issuable_tco2e']} issuable"
        )
