"""Log lines that say when, how bad and where, and never a secret: for the web app and CLI."""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from core.redaction import redact

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


class _RedactingRecords:
    """A log record factory whose records carry no secret, whichever handler writes them."""

    def __init__(self, make: Callable[..., logging.LogRecord]) -> None:
        self.make = make
        self.secrets: set[str] = set()

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed call is the handler's to report
            return record
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = redact(message, self.secrets), None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatted now, redacted, and cached where every formatter looks first.
            text = logging.Formatter().formatException(record.exc_info)
            if any(secret in text for secret in self.secrets):
                record.exc_text = redact(text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return record


def hide_in_logs(secrets: Iterable[str]) -> None:
    """Blank these secrets out of every log record of this process, from now on."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _RedactingRecords):
        factory = _RedactingRecords(factory)
        logging.setLogRecordFactory(factory)
    factory.secrets.update(s for s in secrets if s)
