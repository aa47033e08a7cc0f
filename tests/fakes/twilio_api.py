"""A local stand-in for Twilio's Messages REST API (2010-04-01), reached via TWILIO_API_BASE.

It checks HTTP basic auth (account SID / auth token) and the parameters Twilio requires,
answers with a realistic message resource, and records each call so tests can read what
qoncha asked Twilio to send.
"""

import re
import secrets
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from tests.fakes.recording_server import RecordedRequest, RecordingServer, Reply

_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
ERRORS_DOC = "https://www.twilio.com/docs/errors/"


def twilio_error(status: int, code: int, message: str) -> Reply:
    """A Twilio REST error body, as the `twilio` package parses it into TwilioRestException."""
    return status, {
        "code": code,
        "message": message,
        "more_info": f"{ERRORS_DOC}{code}",
        "status": status,
    }


class FakeTwilioApi(RecordingServer):
    """POST /2010-04-01/Accounts/{sid}/Messages.json, and nothing else."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.created: list[dict[str, Any]] = []

    @property
    def message_calls(self) -> list[RecordedRequest]:
        """Every call to the Messages resource, accepted or not."""
        return [r for r in self.requests if _MESSAGES_PATH.match(r.path)]

    def fail_next_with_server_error(self, count: int = 1) -> None:
        """Twilio having a bad moment: 500, which a sender should retry."""
        self.fail_next(count, *twilio_error(500, 20500, "Internal Server Error"))

    def fail_next_with_invalid_number(self, count: int = 1) -> None:
        """400 with error 21211: the 'To' number is not valid, and never will be."""
        invalid = "The 'To' number is not a valid phone number."
        self.fail_next(count, *twilio_error(400, 21211, invalid))

    def fail_next_with_code(self, status: int, code: int, message: str, count: int = 1) -> None:
        """Any Twilio error: 429/20429 too many requests, 400/21610 unsubscribed, 21614..."""
        self.fail_next(count, *twilio_error(status, code, message))

    def fail_next_with_too_many_requests(self, count: int = 1) -> None:
        """429 with error 20429: slow down and retry."""
        self.fail_next_with_code(429, 20429, "Too Many Requests", count)

    def fail_next_with_opted_out(self, count: int = 1) -> None:
        """400 with error 21610: the recipient replied STOP at the carrier."""
        self.fail_next_with_code(400, 21610, "Attempt to send to unsubscribed recipient", count)

    def handle(self, request: RecordedRequest) -> Reply:
        """Create a message resource in status queued, after Twilio's own checks."""
        match = _MESSAGES_PATH.match(request.path)
        if match is None or request.method != "POST":
            return twilio_error(404, 20404, f"The requested resource {request.path} was not found")
        if request.basic_auth != (self.account_sid, self.auth_token) or (
            match["sid"] != self.account_sid
        ):
            return twilio_error(401, 20003, "Authenticate")
        form = request.form
        refused = _validate(form)
        if refused is not None:
            return refused
        message = self._resource(form)
        self.created.append(message)
        return 201, message

    def _resource(self, form: dict[str, str]) -> dict[str, Any]:
        sid = "SM" + secrets.token_hex(16)
        now = format_datetime(datetime.now(UTC))
        base = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}"
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued" if "From" in form else "accepted",
            "subresource_uris": {
                "media": f"{base}/Media.json",
                "feedback": f"{base}/Feedback.json",
            },
            "to": form["To"],
            "uri": f"{base}.json",
        }


def _validate(form: dict[str, str]) -> Reply | None:
    if not form.get("To"):
        return twilio_error(400, 21604, "A 'To' phone number is required.")
    if not _E164.match(form["To"]):
        invalid = f"The 'To' number {form['To']} is not a valid phone number."
        return twilio_error(400, 21211, invalid)
    if not form.get("From") and not form.get("MessagingServiceSid"):
        return twilio_error(400, 21603, "A 'From' phone number is required.")
    if not form.get("Body") and not form.get("MediaUrl"):
        return twilio_error(400, 21602, "Message body is required.")
    return None
