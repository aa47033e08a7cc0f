"""`POST /telegram/webhook`: updates are authenticated, stored once, then handed to the bot."""

import logging

from flask import Blueprint, Response, current_app, jsonify, request

from core.inputs import InputError, parse_json, storable_int
from core.staffbot.updates import store_update
from gateway.current import current_services
from gateway.sms.common import refuse_input
from gateway.sms.signatures import forbidden, same_bytes, secret_missing

log = logging.getLogger(__name__)
blueprint = Blueprint("telegram", __name__, url_prefix="/telegram")


@blueprint.post("/webhook")
def webhook() -> Response | tuple[Response, int]:
    """Store the update (a repeated update_id is ignored); the bot handles stored updates."""
    services = current_services()
    secret = services.settings.telegram_webhook_secret.get_secret_value()
    refused = secret_missing(services, secret=secret, setting="TELEGRAM_WEBHOOK_SECRET")
    if refused is not None:
        return refused
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if secret and not same_bytes(secret, given):
        return forbidden("wrong secret token", "telegram")
    raw = request.get_data(as_text=True)
    try:
        update = parse_json(raw)
        if not isinstance(update, dict) or "update_id" not in update:
            raise InputError("not a Telegram update")
        update_id = storable_int(update["update_id"], field="update_id")
    except InputError as exc:
        return refuse_input(services, "telegram", raw, exc)
    stored = store_update(services.uow(), update_id=update_id, payload=raw, now=services.clock())
    worker = current_app.extensions.get("qoncha_bot")
    if worker is not None:
        worker.wake()  # this process's bot thread handles it (or another worker's does)
    return jsonify(status="stored" if stored else "duplicate")
