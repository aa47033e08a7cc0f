"""Twilio: the inbound webhook (TwiML answers), the status callback, and the REST transport."""

import logging
from collections.abc import Iterator
from functools import lru_cache

from flask import Blueprint, Response, request
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.datastructures import MultiDict

from core.messaging.inbound import InboundSms
from core.outbox.delivery import record_delivery
from core.ports import INVALID_NUMBER, OPTED_OUT, SendError, SendResult
from core.settings import Settings
from gateway.current import current_services
from gateway.sms.common import accept_sms, public_url
from gateway.sms.signatures import forbidden, secret_missing

log = logging.getLogger(__name__)
blueprint = Blueprint("twilio", __name__, url_prefix="/sms/twilio")

# Twilio error codes that no retry will fix (invalid or unsubscribed recipient), and what
# each says about the recipient.
PERMANENT_ERRORS = {21211, 21214, 21408, 21610, 21612, 21614}
RECIPIENT_STATES = {21610: OPTED_OUT, 21211: INVALID_NUMBER, 21614: INVALID_NUMBER}
SEND_TIMEOUT_SECONDS = 15


def _authenticate() -> Response | tuple[Response, int] | None:
    request.get_data()  # cache the raw body first: parsing the form would consume it
    services = current_services()
    token = services.settings.twilio_auth_token.get_secret_value()
    refused = secret_missing(services, secret=token, setting="TWILIO_AUTH_TOKEN")
    if refused is not None or not token:
        return refused
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return forbidden("missing X-Twilio-Signature", "twilio")
    params = SignedParams(request.form)
    if not RequestValidator(token).validate(public_url(services), params, signature):
        return forbidden("wrong X-Twilio-Signature", "twilio")
    return None


class SignedParams:
    """The form as the validator reads it: its names, and all the values of a name.

    The validator asks a form for `getall` (WebOb), then `getlist` (Django), then indexes it;
    Werkzeug's MultiDict has only `getlist`, so each parameter, twice per request, would cost
    a raised and caught AttributeError first.
    """

    def __init__(self, form: MultiDict[str, str]) -> None:
        self._form = form

    def __iter__(self) -> Iterator[str]:
        return iter(self._form)

    def __len__(self) -> int:
        return len(self._form)

    def getall(self, name: str) -> list[str]:
        """Every value sent under `name`, in order."""
        return self._form.getlist(name)


def _twiml(reply: str | None) -> Response:
    return Response(_twiml_text(reply), status=200, mimetype="text/xml")


@lru_cache(maxsize=1024)
def _twiml_text(reply: str | None) -> str:
    """TwiML for a reply, rendered once per text: households get few distinct answers, and
    building the document costs about as much as the SQL of a whole message."""
    twiml = MessagingResponse()
    if reply:
        twiml.message(reply)
    return str(twiml)


@blueprint.post("")
def inbound() -> Response | tuple[Response, int]:
    """An SMS to a Twilio number: answered inline with TwiML."""
    refused = _authenticate()
    if refused is not None:
        return refused
    form = request.form
    message_sid = form.get("MessageSid", "").strip()
    if not message_sid:
        return Response("MessageSid missing", status=400, mimetype="text/plain")
    services = current_services()
    sms = InboundSms(
        provider="twilio",
        provider_id=message_sid,
        sender=form.get("From", ""),
        recipient=form.get("To", ""),
        body=form.get("Body", ""),
        raw_payload=request.get_data(as_text=True),
        received_at=services.clock(),
    )
    result = accept_sms(services, sms, reply_via=None)
    return _twiml(result.reply)


@blueprint.post("/status")
def status() -> Response | tuple[Response, int]:
    """Delivery state of a message qoncha sent through Twilio."""
    refused = _authenticate()
    if refused is not None:
        return refused
    form = request.form
    message_sid, state = form.get("MessageSid", ""), form.get("MessageStatus", "")
    if not message_sid or not state:
        return Response("MessageSid and MessageStatus required", status=400)
    services = current_services()
    error = form.get("ErrorCode") or None
    record_delivery(
        services.uow(),
        provider="twilio",
        provider_id=message_sid,
        status=state,
        error=f"twilio error {error}" if error else None,
        occurred_at=None,
        raw_payload=request.get_data(as_text=True),
        now=services.clock(),
    )
    return Response("", status=200)


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
