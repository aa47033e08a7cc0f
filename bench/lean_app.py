"""A calibration point for the inbound benchmark: the least a real Twilio endpoint can do.

It checks the signature, parses the form and the household protocol, and makes one
SQLModel insert in one transaction, on the same engine settings as qoncha. Its ratio to the
bare endpoint says what "validate, parse, store once" costs on this machine, which puts
qoncha's own ratio (several rows per message) in proportion.
"""

from datetime import UTC, datetime

from flask import Flask, Response, request
from sqlmodel import Session
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from core.db.engines import make_engine
from core.models import InboundMessage
from core.protocol import parse
from core.settings import Settings


def create_app() -> Flask:
    """A Flask app with qoncha's webhook path, configured from the same environment."""
    settings = Settings()
    engine = make_engine(settings.database_url.get_secret_value())
    validator = RequestValidator(settings.twilio_auth_token.get_secret_value())
    url = settings.public_base_url.rstrip("/") + "/sms/twilio"
    app = Flask("lean")

    @app.post("/sms/twilio")
    def inbound() -> Response:
        form = request.form
        if not validator.validate(url, form, request.headers.get("X-Twilio-Signature", "")):
            return Response("forbidden", status=403)
        command = parse(form.get("Body", ""))
        with Session(engine) as session:
            session.add(InboundMessage(
                provider="lean", provider_id=form["MessageSid"], sender=form.get("From", ""),
                recipient=form.get("To", ""), body=form.get("Body", ""),
                raw_payload=request.get_data(as_text=True), received_at=datetime.now(UTC),
                interpretation=str(command.intent),
            ))
            session.commit()
        twiml = MessagingResponse()
        twiml.message("ok")
        return Response(str(twiml), status=200, mimetype="text/xml")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response('{"status": "ok"}', status=200, mimetype="application/json")

    return app
