"""Building correctly signed provider requests: used by `qoncha simulate`, tests and benchmarks."""

import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from gateway.sms.android import signature_for


@dataclass(frozen=True)
class SignedRequest:
    """A ready-to-send webhook call: path, body bytes and headers."""

    path: str
    body: bytes
    headers: dict[str, str]


def twilio_inbound(
    *,
    base_url: str,
    auth_token: str,
    sender: str,
    body: str,
    to: str = "+14155550123",
    account_sid: str = "AC" + "0" * 32,
    message_sid: str | None = None,
) -> SignedRequest:
    """An inbound-SMS webhook as Twilio sends it, signed with the `twilio` package."""
    sid = message_sid or "SM" + secrets.token_hex(16)
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "SmsMessageSid": sid,
        "AccountSid": account_sid,
        "From": sender,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    path = "/sms/twilio"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if auth_token:
        url = base_url.rstrip("/") + path
        headers["X-Twilio-Signature"] = RequestValidator(auth_token).compute_signature(url, params)
    return SignedRequest(path, urlencode(params).encode(), headers)


def android_received(
    *,
    signing_key: str,
    sender: str,
    body: str,
    event_id: str | None = None,
    received_at: datetime | None = None,
    timestamp: int | None = None,
) -> SignedRequest:
    """An `sms:received` webhook as SMS Gateway for Android sends it, HMAC-signed."""
    moment = (received_at or datetime.now(UTC)).astimezone()
    event = {
        "deviceId": "qoncha-simulator",
        "event": "sms:received",
        "id": event_id or secrets.token_urlsafe(16),
        "payload": {
            "messageId": secrets.token_hex(4),
            "message": body,
            "phoneNumber": sender,
            "simNumber": 1,
            "receivedAt": moment.isoformat(timespec="milliseconds"),
        },
        "webhookId": "qoncha-simulator",
    }
    raw = json.dumps(event).encode()
    headers = {"Content-Type": "application/json"}
    if signing_key:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        headers["X-Timestamp"] = stamp
        headers["X-Signature"] = signature_for(signing_key, raw, stamp)
    return SignedRequest("/sms/android", raw, headers)
