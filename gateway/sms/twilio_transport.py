"""Twilio's REST transport: sends an SMS, and says which failures no retry will fix."""

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from core.ports import INVALID_NUMBER, OPTED_OUT, SendError, SendResult
from core.settings import Settings

# Twilio error codes that no retry will fix (invalid or unsubscribed recipient), and what
# each says about the recipient.
PERMANENT_ERRORS = {21211, 21214, 21408, 21610, 21612, 21614}
RECIPIENT_STATES = {21610: OPTED_OUT, 21211: INVALID_NUMBER, 21614: INVALID_NUMBER}
SEND_TIMEOUT_SECONDS = 15


class TwilioSmsTransport:
    """Sends through Twilio's REST API; TWILIO_API_BASE points it elsewhere (tests)."""

    name = "twilio"

    def __init__(self, settings: Settings) -> None:
        self._client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token.get_secret_value(),
            http_client=TwilioHttpClient(
                timeout=min(SEND_TIMEOUT_SECONDS, settings.send_deadline_seconds)
            ),
        )
        if settings.twilio_api_base:
            self._client.api.base_url = settings.twilio_api_base.rstrip("/")
        self._sender = settings.twilio_from
        base = settings.public_base_url.rstrip("/")
        self._status_callback = f"{base}/sms/twilio/status" if base else None

    def send(self, *, to: str, body: str, reference: str) -> SendResult:
        """Create the message at Twilio; its SID becomes the provider id."""
        kwargs: dict[str, str] = {"to": to, "body": body}
        if self._sender.startswith("MG"):
            kwargs["messaging_service_sid"] = self._sender
        else:
            kwargs["from_"] = self._sender
        if self._status_callback:
            kwargs["status_callback"] = self._status_callback
        try:
            message = self._client.messages.create(**kwargs)
        except TwilioRestException as exc:
            # 5xx and 20429 (too many requests) are temporary: retried with back-off.
            raise SendError(
                f"twilio {exc.status} {exc.code}: {exc.msg}",
                permanent=exc.code in PERMANENT_ERRORS,
                recipient_state=RECIPIENT_STATES.get(exc.code or 0),
            ) from exc
        except Exception as exc:  # noqa: BLE001 - network trouble: retry later
            raise SendError(f"twilio unreachable: {exc.__class__.__name__}") from exc
        return SendResult(provider_id=str(message.sid), status=str(message.status or "queued"))
