"""Webhook authentication shared by the channels: never silently off."""

import hmac
import logging

from flask import Response, jsonify

from gateway.wiring import Services

log = logging.getLogger(__name__)


def secret_missing(services: Services, *, secret: str, setting: str) -> Response | None:
    """503 when a webhook's secret is not configured, unless in local development mode."""
    if secret or services.settings.dev_mode:
        return None
    log.error("webhook refused: %s is not configured", setting)
    response = jsonify(error=f"{setting} is not configured; this webhook is disabled")
    response.status_code = 503
    return response


def forbidden(reason: str, channel: str) -> tuple[Response, int]:
    """403 for an unauthenticated call; the attempt is logged without its body."""
    log.warning("%s webhook refused: %s", channel, reason)
    return jsonify(error="forbidden"), 403


def same_bytes(expected: str, given: str) -> bool:
    """Constant-time comparison of a secret with a header of any characters (never raises).

    Header values arrive as Latin-1 text; `hmac.compare_digest` refuses non-ASCII text, so
    both sides are compared as UTF-8 bytes and a stray "é" is simply a wrong value.
    """
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "surrogatepass"))
