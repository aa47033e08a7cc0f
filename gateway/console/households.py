"""The console's households: search and one household's record (phones masked, reads logged)."""

from typing import Any

from flask import Blueprint, abort, render_template, request

from core.console.households import household_record, search_households
from core.field.worklists import silent_households
from core.privacy.access import log_shown
from gateway.console.auth import actor, current_staff, signed_in
from gateway.current import current_services

SILENT_SHOWN = 50


@signed_in
def households_page() -> Any:
    """Search by stove code, community or the last digits of a phone; or the silent ones."""
    services = current_services()
    query, scope, now = request.args.get("q", ""), current_staff().scope(), services.clock()
    found = search_households(services.uow(), query=query, scope=scope, actor=actor(),
                              now=now) if query.strip() else []
    silent, count = [], 0
    if request.args.get("silenciosos") == "1":
        settings = services.settings
        every = silent_households(services.uow(), scope, weeks=settings.silent_after_weeks,
                                  now=now, tz=settings.program_timezone)
        silent, count = every[:SILENT_SHOWN], len(every)
        log_shown(services.uow(), actor=actor(), kind="name",
                  stove_codes=[s.code for s in silent], purpose="web:silent", now=now)
    return render_template("console/households.html", query=query, found=found,
                           silent=silent, silent_count=count,
                           weeks=services.settings.silent_after_weeks)


@signed_in
def household_page(household_id: int) -> Any:
    """One household's messages, observations, visits and tickets; 404 outside the rights."""
    services = current_services()
    record = household_record(services.uow(), household_id=household_id,
                              scope=current_staff().scope(), actor=actor(),
                              now=services.clock())
    if record is None:
        abort(404)
    return render_template("console/household.html", record=record)


def register(blueprint: Blueprint) -> None:
    """Add the household pages to the console's blueprint."""
    blueprint.add_url_rule("/hogares", "households", households_page)
    blueprint.add_url_rule("/hogares/<int:household_id>", "household", household_page)
