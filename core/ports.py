"""The small interfaces adapters implement; core depends on these, never on the adapters."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SendResult:
    """What a provider said when asked to send: its id for the message, and its first status."""

    provider_id: str
    status: str = "sent"


# What a permanent failure says about the recipient, so that nothing more is sent to it.
OPTED_OUT = "opted_out"  # Twilio 21610: the phone answered STOP at the carrier
INVALID_NUMBER = "invalid_number"  # Twilio 21211 / 21614: not a number that can get SMS
CHAT_BLOCKED = "chat_blocked"  # Telegram 403: the person blocked the bot


class SendError(Exception):
    """A send that failed; `permanent` tells the dispatcher not to retry (e.g. invalid number).

    `retry_after` (seconds) is the provider's own wait, honoured instead of the back-off;
    `recipient_state` (OPTED_OUT, INVALID_NUMBER, CHAT_BLOCKED) is recorded on the recipient.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        recipient_state: str | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
        self.recipient_state = recipient_state


class SmsTransport(Protocol):
    """Sends one SMS through a provider."""

    name: str

    def send(self, *, to: str, body: str, reference: str) -> SendResult:
        """Send `body` to an E.164 number; `reference` is qoncha's own id for the message."""
        ...


class RichTransport(Protocol):
    """Sends a message that may carry more than text (Telegram photo, e-mail HTML and files)."""

    name: str

    def send(self, *, to: str, body: str, reference: str, payload: str | None = None) -> SendResult:
        """Send `body` to `to`; `payload` is the row's JSON extras (subject, html, files)."""
        ...
