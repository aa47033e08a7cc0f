"""Where a command's document goes: stdout, or a file that appears only once complete."""

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import click

from gateway.cli.context import CliError

out_option = click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (replaced only once complete) instead of stdout.",
)


def write_output(out: Path | None, render: Callable[[TextIO], object]) -> None:
    """Let `render` write to stdout, or to a temporary file renamed over `out` once it is done.

    A reader of `out` never sees half a document, and a failed write leaves no partial file;
    an unwritable `out` is refused in one line.
    """
    if out is None:
        render(sys.stdout)
        return
    partial = out.with_name(f".{out.name}.part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            render(stream)
        os.replace(partial, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
