"""The console's review inbox and repair tickets: the bot's /revisar and /tickets, on the web."""

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for

from core.console.audit import log_review_action, log_ticket_action
from core.messaging.review import MAX_ID, open_items, resolve_item
from core.messaging.review_readings import Reading, ReviewRefused, staff_reviewer
from core.privacy.access import log_shown
from core.repairs.tickets import (
    TicketRefused,
    close_ticket,
    note_ticket,
    open_tickets,
    take_ticket,
)
from core.staffbot import texts as staff_texts
from gateway.console.auth import actor, current_staff, signed_in
from gateway.current import current_services

PAGE = 20
CHOICES = {  # the bot's buttons, as one list
    "usage": "Uso (días)", "open_fire": "Fogón (días)", "both": staff_texts.REVIEW_BOTH,
    "problem": staff_texts.REVIEW_PROBLEM, "register": staff_texts.REVIEW_REGISTER,
    "stop": staff_texts.REVIEW_STOP, "nothing": staff_texts.REVIEW_NOTHING,
}
REFUSED = {**staff_texts.REVIEW_REFUSED, "not_allowed": "fuera de sus distritos",
           "not_found": "ya no está por revisar", "bad_days": "faltan los días (0 a 7)",
           "bad_reading": "elija una lectura"}
TICKET_ACTIONS = ("tomar", "nota", "cerrar")


def _offset() -> int:
    value = request.args.get("desde", "0")
    return min(int(value), MAX_ID) if value.isdigit() else 0


def _days(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 3 else None


@signed_in
def review_page() -> Any:
    """A page of the member's open items, oldest first, each with the bot's choices."""
    services = current_services()
    items, count = open_items(services.uow(), staff_reviewer(current_staff()),
                              tz=services.settings.program_timezone, offset=_offset(),
                              limit=PAGE)
    log_shown(services.uow(), actor=actor(), kind="message_body",
              stove_codes=[i.stove_code for i in items], purpose="web:review list",
              now=services.clock())
    return render_template("console/review.html", items=items, count=count, offset=_offset(),
                           page=PAGE, choices=CHOICES, done=request.args.get("hecho"),
                           refused=REFUSED.get(request.args.get("error", ""), "").format(
                               detail="")
                           or request.args.get("error"))


@signed_in
def resolve(message_id: int) -> Any:
    """Resolve one item through the review service, exactly as the bot's buttons do."""
    services = current_services()
    try:
        reading = Reading(request.form.get("kind", ""), days_used=_days("days_used"),
                          open_fire_days=_days("open_fire_days"),
                          stove_code=request.form.get("stove_code") or None)
        resolve_item(services.uow(), staff_reviewer(current_staff()), message_id, reading,
                     now=services.clock(), tz=services.settings.program_timezone,
                     sms_provider=services.settings.sms_provider)
    except ReviewRefused as refused:
        return redirect(url_for("console.review", error=refused.code))
    log_review_action(services.uow(), actor=actor(), message_id=message_id,
                      now=services.clock())
    return redirect(url_for("console.review", hecho=message_id))


@signed_in
def tickets_page() -> Any:
    """The open tickets in the member's districts, oldest first."""
    services = current_services()
    views, count = open_tickets(services.uow(), current_staff(), offset=_offset())
    log_shown(services.uow(), actor=actor(), kind="phone",
              stove_codes=[v.stove_code for v in views], purpose="web:tickets list",
              now=services.clock())
    return render_template("console/tickets.html", views=views, count=count, offset=_offset(),
                           done=request.args.get("hecho"), refused=request.args.get("error"))


@signed_in
def ticket_action(ticket_id: int, action: str) -> Any:
    """Take, note or close a ticket through the tickets service (rights checked there)."""
    services = current_services()
    staff, now, text = current_staff(), services.clock(), request.form.get("text", "").strip()
    if action not in TICKET_ACTIONS or not 0 < ticket_id <= MAX_ID or (
            action != "tomar" and not text):
        return redirect(url_for("console.tickets", error="incompleto"))
    try:
        if action == "tomar":
            take_ticket(services.uow(), staff, ticket_id, now=now)
        elif action == "nota":
            note_ticket(services.uow(), staff, ticket_id, text, now=now)
        else:
            close_ticket(services.uow(), staff, ticket_id, text, now=now,
                         sms_provider=services.settings.sms_provider)
    except TicketRefused:
        return redirect(url_for("console.tickets", error="rechazado"))
    log_ticket_action(services.uow(), actor=actor(), ticket_id=ticket_id, action=action, now=now)
    return redirect(url_for("console.tickets", hecho=ticket_id))


def register(blueprint: Blueprint) -> None:
    """Add the review inbox and the tickets to the console's blueprint."""
    blueprint.add_url_rule("/revisar", "review", review_page)
    blueprint.add_url_rule("/revisar/<int:message_id>", "resolve", resolve, methods=["POST"])
    blueprint.add_url_rule("/tickets", "tickets", tickets_page)
    blueprint.add_url_rule("/tickets/<int:ticket_id>/<action>", "ticket_action", ticket_action,
                           methods=["POST"])
