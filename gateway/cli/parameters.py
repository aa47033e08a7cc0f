"""`qoncha parameters show`: the methodology parameters in force, with unit and source."""

import json

import click

from core.mrv.options import NO_OPTIONS
from core.mrv.parameters import ParameterError, Parameters
from core.reporting.method_parts import options_report
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.wiring import Services


def parameters_in_force(services: Services) -> Parameters:
    """Load the parameters every command computes from, refusing a bad file in one line."""
    path = services.settings.qoncha_parameters
    try:
        return services.parameters()
    except ParameterError as exc:
        reason = " ".join(str(exc).split())
        raise CliError(f"bad parameters file {path or '(packaged defaults)'}: {reason}") from exc
    except OSError as exc:
        raise CliError(f"cannot read parameters file {path}: {exc.strerror or exc}") from exc


def warn_advisories(parameters: Parameters) -> None:
    """Print accepted-but-notable values on stderr so they are seen without spoiling stdout."""
    for note in parameters.advisories():
        click.echo(f"qoncha: warning: {note}", err=True)


@main.group()
def parameters() -> None:
    """Methodology parameters (QONCHA_PARAMETERS, else the packaged defaults)."""


@parameters.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def show(ctx: click.Context, fmt: str) -> None:
    """Print each parameter in force with its value, unit and source."""
    services = get_services(ctx)
    loaded = parameters_in_force(services)
    warn_advisories(loaded)
    origin = services.settings.qoncha_parameters or "packaged defaults"
    if fmt == "json":
        document = {
            "methodology": loaded.methodology,
            "methodology_version": loaded.methodology_version,
            "file": services.settings.qoncha_parameters or None,
            "parameters": loaded.as_report(),
            "defaulted": loaded.defaulted(),
            "options": options_report(loaded.options or NO_OPTIONS),
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    click.echo(f"methodology: {loaded.methodology} version {loaded.methodology_version}")
    click.echo(f"from: {origin}")
    rows = [
        (p.name, _value(p.value), p.unit, ("[defaulted] " if p.defaulted else "") + p.source)
        for p in loaded.parameters()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for name, value, unit, source in rows:
        click.echo(
            f"{name:<{widths[0]}}  {value:>{widths[1]}}  {unit:<{widths[2]}}  {source}".rstrip()
        )
    for name, option in options_report(loaded.options or NO_OPTIONS).items():
        click.echo(f"{name}: {json.dumps(option, ensure_ascii=False, default=str)}")
    if loaded.defaulted():
        click.echo(
            "defaulted (not in the file; the packaged value of a key added after the first "
            "version): " + ", ".join(loaded.defaulted())
        )


def _value(value: float | int | bool) -> str:
    """Write a value as it is written in the TOML file (true/false, 0.1, 5)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
