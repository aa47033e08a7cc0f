"""The coordinator's console: server-rendered pages for staff, signed in by one-time link.

Views only translate: they read the signed-in member (auth), call one core service with the
member's scope, and render a Jinja template in Spanish. No JavaScript is needed by any page.
"""

from flask import Blueprint


def build_blueprint() -> Blueprint:
    """The console's blueprint with every page registered (a fresh one per app)."""
    from gateway.console import auth, households, inbox, more_pages, pages

    blueprint = Blueprint("console", __name__, url_prefix="/console",
                          template_folder="templates")
    for module in (auth, pages, more_pages, households, inbox):
        module.register(blueprint)
    return blueprint
