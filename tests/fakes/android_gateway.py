"""A local stand-in for SMS Gateway for Android's REST API, reached via ANDROID_GATEWAY_URL.

It checks HTTP basic auth (user / password), accepts POST /messages like the app does
(202 with the message state, id as given or generated) and records each call.
"""

import secrets
from typing import Any

from tests.fakes.recording_server import RecordedRequest, RecordingServer, Reply


class FakeAndroidGateway(RecordingServer):
    """POST /messages, and nothing else."""

    def __init__(self, user: str, password: str) -> None:
        super().__init__()
        self.user = user
        self.password = password

    @property
    def message_calls(self) -> list[RecordedRequest]:
        """Every call to /messages, accepted or not."""
        return [r for r in self.requests if r.path == "/messages"]

    @property
    def accepted(self) -> list[dict[str, Any]]:
        """The JSON bodies of the messages the phone accepted to send."""
        return [r.json for r in self.message_calls if 200 <= r.status < 300]

    def fail_next_with_server_error(self, count: int = 1) -> None:
        """The phone or its server in trouble: 500, which a sender should retry."""
        self.fail_next(count, 500, {"message": "failed to enqueue message"})

    def handle(self, request: RecordedRequest) -> Reply:
        """Enqueue a message for the phone to send; answer with its state, Pending."""
        if request.path != "/messages" or request.method != "POST":
            return 404, {"message": "Not Found"}
        if request.basic_auth != (self.user, self.password):
            return 401, {"message": "Unauthorized"}
        try:
            message = request.json
        except ValueError:
            return 400, {"message": "invalid JSON"}
        phones = message.get("phoneNumbers") if isinstance(message, dict) else None
        text = (message.get("textMessage") or {}).get("text") if isinstance(message, dict) else None
        if not phones or not isinstance(phones, list) or not text:
            return 400, {"message": "phoneNumbers and textMessage.text are required"}
        return 202, {
            "id": message.get("id") or secrets.token_urlsafe(16),
            "state": "Pending",
            "recipients": [{"phoneNumber": p, "state": "Pending", "error": None} for p in phones],
            "isHashed": False,
            "isEncrypted": False,
        }
