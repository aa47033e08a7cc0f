"""`qoncha sample draw|show`: the verification sample of a period, drawn reproducibly."""

import getpass
import io
from datetime import date

import click

from core.models import SampleDraw
from core.monitoring.sample_status import SampleStatus, sample_status
from core.monitoring.sampling import MAX_SEED, SampleInForce, SampleRefused, draw_sample
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.options import period, period_options
from gateway.cli.parameters import parameters_in_force
from gateway.renderers.spreadsheet import SafeCsvWriter


def _size(text: str) -> int | None:
    """`auto` (None: sized for the 90/10 rule) or a positive whole number."""
    if text.strip().lower() == "auto":
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise CliError(f"--size must be 'auto' or a whole number of at least 1, got {text!r}")
    return int(text)


def _login() -> str:
    """The operating-system user, recorded as who drew the sample when --by is not given."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _same_draw(draw: SampleDraw, *, seed: int | None, size: str) -> bool:
    """Whether `draw` is what `sample draw --seed SEED --size SIZE` would store again."""
    if seed is None or draw.seed != seed:
        return False
    wanted = _size(size)
    return (
        draw.method == "auto" if wanted is None else (draw.method, draw.size) == ("fixed", wanted)
    )


@main.group()
def sample() -> None:
    """The verification sample: which stoves field staff visit to measure usage."""


@sample.command()
@period_options("First day of the period (required).", "Last day of the period (required).")
@click.option("--size", default="auto", show_default=True, help="auto (90/10 plus reserve) or N.")
@click.option("--seed", type=int, default=None, help="Redraw a sample exactly (default: random).")
@click.option("--replace", is_flag=True, help="Replace the sample in force (it stays on record).")
@click.option("--by", "drawn_by", default=None, help="Who draws it (default: the login name).")
@click.pass_context
def draw(
    ctx: click.Context,
    start: date | None,
    end: date | None,
    size: str,
    seed: int | None,
    replace: bool,
    drawn_by: str | None,
) -> None:
    """Draw the period's sample among stoves active in it, stratified by district."""
    first, last = period(start, end)
    services = get_services(ctx)
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise CliError(f"--seed must be from 0 to {MAX_SEED}, got {seed}")
    try:
        result = draw_sample(
            services.uow(),
            period_start=first,
            period_end=last,
            parameters=parameters_in_force(services),
            now=services.clock(),
            size=_size(size),
            seed=seed,
            replace=replace,
            drawn_by=_login() if drawn_by is None else drawn_by.strip(),
        )
    except SampleInForce as exc:
        if _same_draw(exc.draw, seed=seed, size=size):
            # A script run twice: the draw asked for is the one in force, so nothing to do.
            click.echo(
                f"sample #{exc.draw.id} for {first}..{last} is already drawn with seed {seed}: "
                "unchanged"
            )
            return
        raise CliError(f"{exc}; use --replace to draw a new one (the old one is kept)") from exc
    except SampleRefused as exc:
        raise CliError(str(exc)) from exc
    click.echo(
        f"sample #{result.draw_id} for {result.period_start}..{result.period_end}: "
        f"{result.main + result.reserve} stoves ({result.main} main + {result.reserve} reserve), "
        f"method {result.method}, seed {result.seed}"
    )
    if result.whole_population:
        click.echo(
            f"asked for {result.requested} stoves, {result.population} are active: "
            "the sample is the whole population"
        )
    if result.replaced_id is not None:
        click.echo(f"replaces sample #{result.replaced_id}, which stays on record")
    _table(
        ("district", "active", "main", "reserve"),
        [(d, *counts) for d, counts in result.by_district.items()],
    )


@sample.command()
@period_options("First day of the period.", "Last day of the period (both or neither).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "csv"]), default="text", show_default=True
)
@click.pass_context
def show(ctx: click.Context, start: date | None, end: date | None, fmt: str) -> None:
    """Show a sample in force (default: the latest drawn) and which stoves were visited."""
    if (start is None) != (end is None):
        raise CliError("give both --from and --to, or neither")
    days = None if start is None else period(start, end)
    status = sample_status(get_services(ctx).uow(), period=days)
    if status is None:
        where = f" for {days.start}..{days.end}" if days else ""
        raise CliError(f"no sample in force{where}; draw one with 'qoncha sample draw'")
    if fmt == "csv":
        _csv(status)
    else:
        _text(status)


def _text(status: SampleStatus) -> None:
    """The draw, its progress by district and its stoves, for a coordinator's terminal."""
    click.echo(f"sample #{status.draw_id} for {status.period_start}..{status.period_end}")
    click.echo(f"size: {status.size} ({status.main} main + {status.reserve} reserve)")
    method = status.method
    if status.expected_usage_rate is not None:
        method += f" (expected usage {status.expected_usage_rate:g})"
    click.echo(f"method: {method}")
    click.echo(f"seed: {status.seed}")
    by = f" by {status.drawn_by}" if status.drawn_by else ""
    click.echo(f"drawn: {status.drawn_at:%Y-%m-%d %H:%M} UTC{by}")
    for draw_id in status.replaced_ids:
        click.echo(f"replaces: sample #{draw_id} (kept on record)")
    click.echo("")
    _table(
        ("district", "main", "reserve", "visited", "remaining"),
        [(d.district, d.main, d.reserve, d.visited, d.remaining) for d in status.districts],
    )
    click.echo("")
    _table(
        ("stove", "district", "community", "household", "reserve", "visited"),
        [
            (
                s.code,
                s.district,
                s.community,
                s.household,
                "reserve" if s.is_reserve else "",
                "" if s.visited_on is None else s.visited_on.isoformat(),
            )
            for s in status.stoves
        ],
    )


def _csv(status: SampleStatus) -> None:
    """One row per sampled stove, for field teams' spreadsheets."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(
        ["stove_code", "district", "community", "household_name", "rank", "is_reserve",
         "visited_on", "in_use"]
    )  # fmt: skip
    for s in status.stoves:
        writer.writerow(
            [
                s.code, s.district, s.community, s.household, s.rank,
                "yes" if s.is_reserve else "no",
                "" if s.visited_on is None else s.visited_on.isoformat(),
                "" if s.in_use is None else ("yes" if s.in_use else "no"),
            ]
        )  # fmt: skip
    click.echo(buffer.getvalue(), nl=False)


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """Print aligned columns: text left, numbers right."""
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [
        bool(rows) and all(isinstance(row[i], int) for row in rows) for i in range(len(header))
    ]
    for row in cells:
        parts = [
            cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        click.echo("  ".join(parts).rstrip())
