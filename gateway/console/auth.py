"""Signing in by one-time link, the session cookie, CSRF on every form, and page headers."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from core.console.login import (
    LoginRefused,
    csrf_matches,
    csrf_token,
    end_session,
    redeem_login_link,
    session_staff,
)
from core.privacy.access import staff_actor
from core.staffbot.members import Staff
from gateway.current import current_services

COOKIE = "qoncha_console"
REFUSALS = {
    "unknown": "Este enlace no es válido.",
    "used": "Este enlace ya se usó. Pide otro con /web en el bot.",
    "expired": "Este enlace venció (vale 15 minutos). Pide otro con /web en el bot.",
    "revoked": "Tu acceso fue retirado.",
}


def current_staff() -> Staff:
    """The signed-in member of this request (a view behind `signed_in` always has one)."""
    staff: Staff = g.console_staff
    return staff


def actor() -> str:
    """How the signed-in member is named in the access log."""
    staff = current_staff()
    return staff_actor(staff.id, staff.name)


def signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send a browser without a live session to the page that says how to get a link."""
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.get("console_staff") is None:
            return redirect(url_for("console.signed_out"))
        return view(*args, **kwargs)
    return wrapper


def _load_session() -> None:
    """Find the member behind the cookie; refuse a form without its session's CSRF token."""
    services = current_services()
    token = request.cookies.get(COOKIE, "")
    g.console_token = token
    g.console_staff = (session_staff(services.uow(), token=token, now=services.clock())
                       if token else None)
    form = request.method == "POST" and request.endpoint != "console.login"
    if form and (g.console_staff is None or not csrf_matches(token, request.form.get("csrf", ""))):
        abort(400, "formulario sin su clave de seguridad; vuelve a cargar la página")


def _headers(response: Response) -> Response:
    """No caching of personal pages, no framing, no scripts, no referrer leaking a link."""
    tiles = current_services().settings.console_tile_url
    images = "'self' data:" + (" " + tiles.split("/{")[0] if tiles else "")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; img-src {images}; style-src 'self' 'unsafe-inline'; "
        "script-src 'none'; form-action 'self'; frame-ancestors 'none'")
    return response


def _template_values() -> dict[str, Any]:
    token = g.get("console_token", "")
    return {"csrf": csrf_token(token) if token else "", "staff": g.get("console_staff")}


def login(token: str) -> Any:
    """GET shows a button (link previews must not spend the link); POST signs in."""
    if request.method == "GET":
        return render_template("console/login.html", token=token)
    services = current_services()
    settings = services.settings
    try:
        signed = redeem_login_link(services.uow(), token=token, now=services.clock(),
                                   session_hours=settings.console_session_hours)
    except LoginRefused as exc:
        return render_template("console/signed_out.html", reason=REFUSALS[exc.code]), 403
    response = redirect(url_for("console.overview"))
    response.set_cookie(
        COOKIE, signed.token, max_age=int(settings.console_session_hours * 3600),
        path="/console", secure=settings.public_base_url.startswith("https://"),
        httponly=True, samesite="Lax")
    return response


def logout() -> Any:
    """End the session for every worker, and forget the cookie."""
    services = current_services()
    end_session(services.uow(), token=g.console_token, now=services.clock())
    response = redirect(url_for("console.signed_out"))
    response.delete_cookie(COOKIE, path="/console")
    return response


def signed_out_page() -> Any:
    """How to get in: a link from the bot's /web or from `qoncha staff login-link`."""
    return render_template("console/signed_out.html", reason=None)


def register(blueprint: Blueprint) -> None:
    """Add the login routes and the per-request checks to the console's blueprint."""
    blueprint.before_request(_load_session)
    blueprint.after_request(_headers)
    blueprint.context_processor(_template_values)
    blueprint.add_url_rule("/entrar/<token>", "login", login, methods=["GET", "POST"])
    blueprint.add_url_rule("/salir", "logout", signed_in(logout), methods=["POST"])
    blueprint.add_url_rule("/fuera", "signed_out", signed_out_page)
