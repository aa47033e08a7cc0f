"""The Flask gateway: webhooks, the `qoncha` command line, the scheduler; adapters chosen once."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """`gateway.create_app` (gunicorn's `gateway:create_app()`), imported on first use.

    Importing the package stays cheap, so the command line under it starts quickly.
    """
    if name == "create_app":
        from gateway.app import create_app

        return create_app
    raise AttributeError(f"module 'gateway' has no attribute {name!r}")
