"""Reaching the wired services from a request."""

from flask import current_app

from gateway.wiring import Services


def current_services() -> Services:
    """The services the app was built with."""
    services: Services = current_app.extensions["qoncha"]
    return services
