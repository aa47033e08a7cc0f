"""The Flask application factory."""

import logging

from flask import Flask, jsonify
from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from core.settings import Settings, load_settings
from gateway.dberrors import describe_database_error
from gateway.logs import configure_logging
from gateway.wiring import Services, build_services

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the gateway; nothing is created at import, everything from the settings given."""
    configure_logging()
    settings = settings or (services.settings if services else load_settings())
    services = services or build_services(settings)
    app = Flask("gateway")
    app.extensions["qoncha"] = services
    url = services.database_url
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

    @app.errorhandler(DataError)
    def _value_not_storable(exc: DataError):  # type: ignore[no-untyped-def]
        # A value the database refuses is bad input: retrying it would never succeed.
        log.error("a value was refused by the database: %s", exc.orig)
        return jsonify(error="a value in the request cannot be stored"), 400

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _database_unavailable(exc: Exception):  # type: ignore[no-untyped-def]
        # Twilio then tries its fallback URL; nothing was committed.
        log.error("database unavailable: %s", describe_database_error(exc, url))
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
