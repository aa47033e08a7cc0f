"""The baseline for the inbound benchmark: Flask answering the Twilio webhook with fixed TwiML.

It does nothing a real endpoint does (no signature check, no parsing, no database), so the
ratio of qoncha's throughput to this one's says what the work itself costs on this machine,
independent of the machine's speed.
"""

from flask import Flask, Response

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>ok</Message></Response>'


def create_app() -> Flask:
    """A Flask app with the same webhook path as qoncha and a health check for readiness."""
    app = Flask("bare")

    @app.post("/sms/twilio")
    def inbound() -> Response:
        return Response(TWIML, status=200, mimetype="text/xml")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response('{"status": "ok"}', status=200, mimetype="application/json")

    return app
