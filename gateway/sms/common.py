"""What the webhooks do after authenticating: hand the message to the core, or keep it raw."""

from flask import Response, jsonify, request

from core.inputs import InputError
from core.messaging.inbound import InboundResult, InboundSms, receive_sms
from core.messaging.rejected import keep_rejected
from core.outbox.dispatch import dispatch_outbound
from gateway.wiring import Services


def public_url(services: Services) -> str:
    """The URL the provider signed: PUBLIC_BASE_URL + path behind a proxy, else the request's."""
    base = services.settings.public_base_url.rstrip("/")
    if not base:
        return request.url
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def accept_sms(services: Services, sms: InboundSms, *, reply_via: str | None) -> InboundResult:
    """Store, interpret and answer one inbound SMS through the core."""
    return receive_sms(
        services.uow(),
        sms,
        now=services.clock(),
        tz=services.settings.program_timezone,
        reply_via=reply_via,
    )


def send_after_response(
    response: Response, services: Services, provider: str, outbound_id: int
) -> None:
    """Send this request's own reply once the provider has its 2xx, under the process's policy.

    Nothing else due goes in the request's wake; a reply the pace does not allow now (no
    budget: a web worker never sleeps for it) is left to the scheduler.
    """
    transport = services.transports.get(provider)
    if transport is None:
        return

    def _send() -> None:
        dispatch_outbound(
            services.uow(),
            {provider: transport},
            now=services.clock(),
            pacing=services.pacing(budget=0.0),
            only=[outbound_id],
        )

    response.call_on_close(_send)


def refuse_input(
    services: Services, provider: str, raw: str, error: InputError
) -> tuple[Response, int]:
    """400 naming what cannot be stored; the authenticated body is kept raw for staff review."""
    kept = keep_rejected(
        services.uow(), provider=provider, raw_payload=raw, reason=str(error), now=services.clock()
    )
    return jsonify(error=str(error), kept=kept), 400
