"""`qoncha demo`: a demonstration programme to try every command on (`make run` loads it)."""

import csv
from pathlib import Path

import click

from gateway.cli import main
from gateway.cli.context import CliError, get_services


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write the CSV files it imported (households.csv, visits.csv) into this folder.",
)
@click.pass_context
def demo(ctx: click.Context, out: Path | None) -> None:
    """Load a demonstration programme dated from today: stoves, a year of SMS, visited samples.

    320 stoves in districts of Huanuco and La Libertad; the weekly SMS answers of the last
    52 weeks received through the same service as real ones (a few households gone silent,
    a few stove problems and unreadable texts for review); last year's verification sample
    drawn with the seed YYYY0101 and visited in the autumn; this year's drawn and partly
    visited; a coordinator and a technician with invite codes. Names and phone numbers are
    invented, so it refuses to run unless SMS_PROVIDER is console (nothing is ever sent to
    them). Running it again changes nothing but the invite codes of staff not yet linked.
    """
    from core.demo.load import load_demo
    from core.monitoring.sampling import SampleRefused
    from gateway.cli.parameters import parameters_in_force

    services = get_services(ctx)
    if services.settings.sms_provider != "console":
        raise CliError(
            "the demo's phone numbers are invented: it runs only with SMS_PROVIDER=console"
        )
    try:
        loaded = load_demo(
            services.uow,
            parameters=parameters_in_force(services),
            tz=services.settings.program_timezone,
            now=services.clock(),
            on_long_step=lambda note: click.echo(f"{note}...", err=True),
        )
    except SampleRefused as exc:
        raise CliError(str(exc)) from exc
    h, v = loaded.households, loaded.visits
    click.echo(
        f"households: {h.created} created, {h.updated} updated, {h.unchanged} unchanged, "
        f"{len(h.errors)} errors"
    )
    click.echo(
        f"SMS since {loaded.first_week}: {loaded.messages_total} ({loaded.messages_sent} "
        "received now, through the inbound service)"
    )
    for s in loaded.samples:
        state = "drawn now" if s.drawn else "already drawn"
        click.echo(
            f"sample #{s.id} for {s.year} {state} (seed {s.seed}): {s.visited} of {s.main} visited"
        )
    click.echo(
        f"visits: {v.created} created, {v.updated} updated, {v.unchanged} unchanged, "
        f"{len(v.errors)} errors"
    )
    for m in loaded.staff:
        access = "linked to Telegram" if m.code is None else f"invite code {m.code}"
        click.echo(f"staff #{m.id} {m.role} {m.name}: {access}")
    if h.errors or v.errors:
        raise CliError("the demo data did not import cleanly")
    if out is not None:
        _write(out, loaded.household_rows, loaded.visit_rows)


def _write(folder: Path, households: list[dict[str, str]], visits: list[dict[str, str]]) -> None:
    """Write the two files the demo imported, as a coordinator's own would look."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in (("households.csv", households), ("visits.csv", visits)):
            with (folder / name).open("w", encoding="utf-8", newline="") as stream:
                writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            click.echo(f"wrote {folder / name} ({len(rows)} rows)")
    except OSError as exc:
        raise CliError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
