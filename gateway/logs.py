"""Log lines that say when, how bad and where: one format for the web app and the CLI."""

import logging

FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str = "INFO") -> None:
    """Give the root logger a timestamped handler unless the host process set one up.

    Under gunicorn the root logger has no handler, so the app's records went to Python's
    last-resort handler, which prints the bare message: no time, level or logger name.
    A host that configured logging itself (pytest, a deployment's dictConfig) keeps its own.
    """
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
        root.setLevel(level)
