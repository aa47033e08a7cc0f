"""What every command shares: settings and services built once per invocation, and errors.

Settings and wiring are imported when a command first needs them, not when the command
line starts, so `qoncha --help` stays quick.
"""

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from core.settings import Settings
    from gateway.wiring import Services


class CliError(click.ClickException):
    """A one-line reason on stderr and a non-zero exit."""

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"qoncha: {self.format_message()}", err=True)


def get_settings(ctx: click.Context) -> "Settings":
    """The settings in force: injected by a test, the services' own, else read once."""
    from core.settings import SettingsError, load_settings

    root = ctx.find_root()
    root.ensure_object(dict)
    services = root.obj.get("services")
    if services is not None:
        settings: Settings = services.settings
        return settings
    if root.obj.get("settings") is None:
        try:
            root.obj["settings"] = load_settings()
        except SettingsError as exc:
            raise CliError(f"bad setting: {exc}") from None
    settings = root.obj["settings"]
    return settings


def get_services(ctx: click.Context) -> "Services":
    """Build settings and services on first use; tests may inject them via `obj`."""
    from sqlalchemy.exc import ArgumentError

    from gateway.wiring import build_services

    ctx.ensure_object(dict)
    root = ctx.find_root()
    root.ensure_object(dict)
    if "services" not in root.obj:
        settings = get_settings(ctx)
        try:
            root.obj["services"] = build_services(settings)
        except (ArgumentError, ImportError) as exc:
            # An unparsable URL, or one whose driver is not installed (e.g. .[postgres]).
            raise CliError(f"DATABASE_URL cannot be used: {exc}") from exc
    services: Services = root.obj["services"]
    return services
