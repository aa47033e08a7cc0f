"""`GET /healthz`: the load balancer's question, answered by asking the database."""

import logging

from flask import Blueprint, jsonify

from core.db.engines import probe_database
from gateway.current import current_services

log = logging.getLogger(__name__)
blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 when the database can do what a webhook needs (on SQLite: a write), 503 otherwise."""
    try:
        probe_database(current_services().engine)
    except Exception as exc:  # noqa: BLE001 - any failure means not healthy
        log.error("health check: database unavailable (%s: %s)", exc.__class__.__name__, exc)
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
