"""A transport that prints instead of sending: the embedded default for local use."""

import itertools
import logging
import sys

from core.phones import mask_phone
from core.ports import SendResult

log = logging.getLogger(__name__)


class ConsoleSmsTransport:
    """Prints each SMS to standard output, so a developer sees what a household would get."""

    def __init__(self, name: str = "console") -> None:
        self.name = name
        self._ids = itertools.count(1)

    def send(self, *, to: str, body: str, reference: str) -> SendResult:
        """Print the message; the id is local to this process."""
        print(f"[SMS to {mask_phone(to)}] {body}", file=sys.stdout, flush=True)
        return SendResult(provider_id=f"console-{reference}-{next(self._ids)}", status="sent")
