"""The small interfaces adapters implement; core depends on these, never on the adapters."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SendResult:
    """What a provider said when asked to send: its id for the message, and its first status."""

    provider_id: str
    status: str = "sent"


class SendError(Exception):
    """A send that failed; `permanent` tells the dispatcher not to retry (e.g. invalid number)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsTransport(Protocol):
    """Sends one SMS through a provider."""

    name: str

    def send(self, *, to: str, body: str, reference: str) -> SendResult:
        """Send `body` to an E.164 number; `reference` is qoncha's own id for the message."""
        ...


class ChatSender(Protocol):
    """Sends a text to a staff chat (Telegram, e-mail...)."""

    def send_text(self, *, chat_id: str, text: str) -> None:
        """Deliver a text to one chat."""
        ...
