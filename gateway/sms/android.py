"""SMS Gateway for Android: the webhook (received SMS and delivery events) and the transport.

Households in Peru text a Peruvian SIM in an Android phone running the open-source app; it
forwards each SMS here and sends qoncha's replies through its REST API.
"""

import hashlib
import hmac
import logging
import time
from datetime import datetime
from typing import Any

from android_sms_gateway import client as asg_client
from android_sms_gateway import domain as asg_domain
from android_sms_gateway import errors as asg_errors
from android_sms_gateway import http as asg_http
from flask import Blueprint, Response, jsonify, request

from core.inputs import InputError, parse_json, storable_time
from core.messaging.inbound import InboundSms, content_key
from core.outbox.delivery import record_delivery
from core.phones import parse_phone
from core.ports import SendError, SendResult
from core.settings import Settings
from gateway.current import current_services
from gateway.deadlines import CuttableSession, deadline
from gateway.sms.common import accept_sms, refuse_input, send_after_response
from gateway.sms.signatures import forbidden, same_bytes, secret_missing

log = logging.getLogger(__name__)
blueprint = Blueprint("android", __name__, url_prefix="/sms/android")

MAX_CLOCK_SKEW_SECONDS = 300
DELIVERY_EVENTS = {"sms:sent": "sent", "sms:delivered": "delivered", "sms:failed": "failed"}


def signature_for(key: str, raw_body: bytes, timestamp: str) -> str:
    """The app's rule: hex HMAC-SHA256 of the raw body followed by the X-Timestamp value."""
    return hmac.new(key.encode(), raw_body + timestamp.encode(), hashlib.sha256).hexdigest()


def _authenticate() -> Response | tuple[Response, int] | None:
    services = current_services()
    key = services.settings.android_gateway_signing_key.get_secret_value()
    refused = secret_missing(services, secret=key, setting="ANDROID_GATEWAY_SIGNING_KEY")
    if refused is not None or not key:
        return refused
    signature = request.headers.get("X-Signature", "")
    timestamp = request.headers.get("X-Timestamp", "")
    if not signature or not timestamp:
        return forbidden("missing X-Signature or X-Timestamp", "android")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return forbidden("X-Timestamp is not Unix seconds", "android")
    if abs(services.clock().timestamp() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
        return forbidden("X-Timestamp more than 5 minutes off", "android")
    expected = signature_for(key, request.get_data(), timestamp)
    if not same_bytes(expected, signature.lower()):
        return forbidden("wrong X-Signature", "android")
    return None


def _storable_time_or_none(value: Any) -> datetime | None:
    """A time the app gave, if it is a storable moment; None (unknown) otherwise."""
    try:
        return storable_time(value, field="time") if value is not None else None
    except InputError:
        return None


def _event_time(payload: dict[str, Any]) -> datetime | None:
    """When a delivery event happened, if the app says so in a storable way (else unknown)."""
    return _storable_time_or_none(
        payload.get("deliveredAt") or payload.get("sentAt") or payload.get("failedAt")
    )


@blueprint.post("")
def webhook() -> Response | tuple[Response, int]:
    """Every event the app sends: received SMS are stored and answered, the rest update delivery."""
    refused = _authenticate()
    if refused is not None:
        return refused
    raw = request.get_data(as_text=True)
    try:
        event = parse_json(raw)
        if not isinstance(event, dict) or not isinstance(event.get("payload"), dict):
            raise InputError("expected an object with event, id and payload")
        kind, payload = event.get("event"), event["payload"]
        if kind == "sms:received":
            return _received(event, payload, raw)
        if kind in DELIVERY_EVENTS:
            return _delivery(kind, payload, raw)
    except InputError as exc:
        return refuse_input(current_services(), "android", raw, exc)
    log.info("android webhook event %r ignored", kind)
    return jsonify(status="ignored")


def _received(event: dict[str, Any], payload: dict[str, Any], raw: str) -> Response:
    event_id, sender = event.get("id"), payload.get("phoneNumber")
    if not isinstance(event_id, str) or not event_id or not isinstance(sender, str):
        raise InputError("sms:received needs id and payload.phoneNumber")
    services = current_services()
    body = payload.get("message")
    body = body if isinstance(body, str) else ""
    provider_time = payload.get("receivedAt")
    # The core decides whether to believe the phone's clock; a time that is no storable
    # moment (no offset, year 9999) is unknown, counted at arrival with a note.
    received_at = _storable_time_or_none(provider_time)
    normalised_sender = parse_phone(sender).key
    sms = InboundSms(
        provider="android",
        provider_id=event_id,
        sender=sender,
        recipient=str(event.get("deviceId", ""))[:64],
        body=body,
        raw_payload=raw,
        received_at=received_at,
        # The app retries with the same event id, but a re-sent webhook may carry a new one:
        # the same sender, text and phone receive time is the same SMS.
        content_key=content_key(normalised_sender, body, str(provider_time))
        if provider_time
        else None,
    )
    result = accept_sms(services, sms, reply_via="android")
    response = jsonify(
        status="duplicate" if result.duplicate else "stored",
        message_id=result.message_id,
        reply=result.reply,
    )
    if result.outbound_id is not None:
        send_after_response(response, services, "android", result.outbound_id)
    return response


def _delivery(kind: str, payload: dict[str, Any], raw: str) -> Response:
    message_id = payload.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        raise InputError("delivery events need payload.messageId")
    services = current_services()
    occurred = _event_time(payload)
    reason = payload.get("reason")
    known = record_delivery(
        services.uow(),
        provider="android",
        provider_id=message_id,
        status=DELIVERY_EVENTS[kind],
        error=str(reason)[:500] if reason else None,
        occurred_at=occurred,
        raw_payload=raw,
        now=services.clock(),
    )
    return jsonify(status="recorded" if known else "unknown message")


class AndroidSmsTransport:
    """Sends through the app's REST API with its own client package."""

    name = "android"

    def __init__(self, settings: Settings) -> None:
        self._base_url = settings.android_gateway_url.rstrip("/")
        self._user = settings.android_gateway_user
        self._password = settings.android_gateway_password.get_secret_value()
        self._deadline = settings.send_deadline_seconds

    def send(self, *, to: str, body: str, reference: str) -> SendResult:
        """Our own id goes with the message, so delivery events find it again."""
        message = asg_domain.Message(
            phone_numbers=[to],
            text_message=asg_domain.TextMessage(text=body),
            with_delivery_report=True,
            id=f"qoncha-{reference}-{int(time.time())}",
        )
        # The client library sets no timeout: the phone's whole exchange gets a deadline.
        session = CuttableSession()
        http = asg_http.RequestsHttpClient(session)
        try:
            with (
                deadline(self._deadline, session.cut) as expired,
                asg_client.APIClient(self._user, self._password, base_url=self._base_url,
                                     http=http) as api,
            ):
                state = api.send(message)
        except (
            asg_errors.BadRequestError,
            asg_errors.UnauthorizedError,
            asg_errors.ForbiddenError,
        ) as exc:
            raise SendError(
                f"android gateway refused: {exc.__class__.__name__}", permanent=True
            ) from exc
        except Exception as exc:  # noqa: BLE001 - phone offline, network: retry later
            if expired.is_set():
                raise SendError(
                    f"android gateway over its {self._deadline:g} s deadline") from exc
            raise SendError(f"android gateway unreachable: {exc.__class__.__name__}") from exc
        finally:
            session.close()
        return SendResult(provider_id=state.id, status="sent")
