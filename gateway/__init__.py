"""The Flask gateway: webhooks, the `qoncha` command line, the scheduler; adapters chosen once."""

from gateway.app import create_app

__all__ = ["create_app"]
