"""The console's households: search and one household's record (phones masked, reads logged)."""

from typing import Any

from flask import Blueprint, abort, render_template, request

from core.console.households import household_record, search_households
from gateway.console.auth import actor, current_staff, signed_in
from gateway.current import current_services


@signed_in
def households_page() -> Any:
    """Search by stove code, community or the last digits of a phone."""
    services = current_services()
    query = request.args.get("q", "")
    found = search_households(services.uow(), query=query, scope=current_staff().scope(),
                              actor=actor(), now=services.clock()) if query.strip() else []
    return render_template("console/households.html", query=query, found=found)


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
