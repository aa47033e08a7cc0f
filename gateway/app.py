"""The Flask application factory."""

import logging

from flask import Flask, jsonify
from sqlalchemy.exc import DBAPIError, OperationalError

from core.settings import Settings
from gateway.wiring import Services, build_services

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the gateway; nothing is created at import, everything from the settings given."""
    settings = settings or (services.settings if services else Settings())
    services = services or build_services(settings)
    app = Flask("gateway")
    app.extensions["qoncha"] = services
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    if settings.telegram_bot_token:
        from bot.runner import BotWorker
        from gateway.wiring import bot_deps

        # Its thread starts with the first webhook call, in each worker process after the fork.
        app.extensions["qoncha_bot"] = BotWorker(bot_deps(services))

    from gateway import health, telegram
    from gateway.sms import android, twilio

    app.register_blueprint(health.blueprint)
    app.register_blueprint(twilio.blueprint)
    app.register_blueprint(android.blueprint)
    app.register_blueprint(telegram.blueprint)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _database_unavailable(exc: Exception):  # type: ignore[no-untyped-def]
        # Twilio then tries its fallback URL; nothing was committed.
        log.error("database unavailable: %s", exc.__class__.__name__)
        return jsonify(error="database unavailable"), 503

    _announce(settings)
    return app


def _announce(settings: Settings) -> None:
    """Say loudly what is off, so nobody runs production in development mode by mistake."""
    if settings.dev_mode:
        log.warning(
            "LOCAL DEVELOPMENT MODE: webhooks whose secret is not configured accept UNSIGNED "
            "requests. Never run this way in production."
        )
    if not settings.telegram_bot_token:
        log.info("Telegram disabled: TELEGRAM_BOT_TOKEN is not set")
