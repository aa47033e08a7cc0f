"""`GET /healthz`: the load balancer's question, answered by asking the database."""

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from gateway.services import current_services

log = logging.getLogger(__name__)
blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 when the database answers, 503 otherwise."""
    try:
        with current_services().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means not healthy
        log.error("health check: database unavailable (%s)", exc.__class__.__name__)
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
