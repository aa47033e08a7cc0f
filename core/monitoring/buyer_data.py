"""The buyer's measurement data, de-identified: what a verifier may publish and recompute from.

No name, phone number, coordinate, surveyor, free-text note, stove code or database id
leaves here. Households and stoves are named by their stored pseudonyms (core.privacy.
pseudonyms: random, made once), the same ones the access log and erasure records use, so
the packages of successive periods link up and nobody can go back from a pseudonym to a
household or a stove without the database. A KPT household outside the programme (no stove
code) is numbered K-0001, K-0002, ... in the order it was first imported: its campaign id
never leaves either.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from core.db.uow import UnitOfWork
from core.models import Household, KptMeasurement, Stove, Visit, stove_active_during
from core.reporting.queries import observations_in_force
from core.reporting.weeks import weeks_of_period


@dataclass(frozen=True)
class DataTable:
    """One CSV file of the package: its name, header and rows."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def deidentified_data(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    as_of: datetime | None = None,
) -> list[DataTable]:
    """The period's stoves, visits, KPT measurements and weekly observations, de-identified.

    The four tables come from one reading transaction, so they agree.
    """
    with uow.reading():
        session = uow.session
        return [
            _stoves(session, period_start, period_end),
            _visits(session, period_start, period_end),
            _kpt(session, period_end),
            _observations(session, period_start, period_end, as_of),
        ]


def _stoves(session: Session, start: date, end: date) -> DataTable:
    """The stoves active during the period, named by pseudonym, with their households'."""
    stoves = session.exec(
        select(Stove, Household.district, Household.pseudonym)
        .join(Household, col(Stove.household_id) == col(Household.id))
        .where(stove_active_during(start, end))
        .order_by(col(Stove.id))
    )
    return DataTable(
        "stoves",
        (
            "stove",
            "household",
            "district",
            "stove_model",
            "baseline_stove",
            "installed_on",
            "decommissioned_on",
            "photo_sha256",
        ),  # fmt: skip
        [
            (
                s.pseudonym,
                household,
                district,
                s.stove_model,
                s.baseline_stove,
                s.installed_on,
                s.decommissioned_on,
                s.photo_sha256 or "",
            )  # fmt: skip
            for s, district, household in stoves
        ],
    )


def _observations(session: Session, start: date, end: date, as_of: datetime | None) -> DataTable:
    """The weekly observations in force in the period's weeks (as of `as_of`, if given)."""
    observations = observations_in_force(session, weeks_of_period(start, end), as_of)
    named = dict(session.exec(select(Stove.id, Stove.pseudonym)).all())
    return DataTable(
        "weekly_observations",
        ("stove", "week", "days_used", "open_fire_days", "source", "reported_at"),
        [
            (
                named[o.stove_id],
                o.week,
                o.days_used,
                o.open_fire_days,
                o.source,
                o.reported_at,
            )  # fmt: skip
            for o in observations
        ],
    )


def _visits(session: Session, start: date, end: date) -> DataTable:
    """The period's visits with their photo's SHA-256 (the evidence kept under MEDIA_ROOT)."""
    visits = session.exec(
        select(Visit, Stove.pseudonym)
        .join(Stove, col(Visit.stove_id) == col(Stove.id))
        .where(Visit.visited_on >= start, Visit.visited_on <= end)
        .order_by(col(Visit.visited_on), col(Visit.id))
    )
    return DataTable(
        "visits",
        (
            "stove",
            "visited_on",
            "found",
            "in_use",
            "condition",
            "open_fire_in_use",
            "source",
            "photo_sha256",
            "distance_m",
            "far_from_stove",
        ),  # fmt: skip
        [
            (
                stove,
                v.visited_on,
                v.found,
                v.in_use,
                v.condition,
                v.open_fire_in_use,
                v.source,
                v.photo_sha256 or "",
                None if v.distance_m is None else round(v.distance_m),
                v.far_from_stove,
            )  # fmt: skip
            for v, stove in visits
        ],
    )


def _kpt(session: Session, end: date) -> DataTable:
    """Every weighed day up to the period's end: the report says which campaigns it credits.

    A KPT household written as a stove code takes that stove's household pseudonym, so a
    verifier can follow it to its stove; any other household id gets its K- number.
    """
    k = KptMeasurement
    rows = session.exec(
        select(k, Household.pseudonym)
        .outerjoin(Stove, col(Stove.code) == col(k.household))
        .outerjoin(Household, col(Household.id) == col(Stove.household_id))
        .where(k.day <= end)
        .order_by(col(k.campaign), col(k.phase), col(k.household), col(k.day))
    )
    numbers = _kpt_numbers(session)
    return DataTable(
        "kpt_measurements",
        ("campaign", "phase", "household", "day", "wood_kg", "charcoal_kg", "household_size"),
        [
            (
                m.campaign,
                m.phase,
                pseudonym or numbers[m.household],
                m.day,
                m.wood_kg,
                m.charcoal_kg,
                m.household_size,
            )  # fmt: skip
            for m, pseudonym in rows
        ],
    )


def _kpt_numbers(session: Session) -> dict[str, str]:
    """K-0001, K-0002, ... for the KPT households with no stove, in the order first imported.

    Counted over every campaign, not the period's, so a household keeps its number in the
    packages of later periods.
    """
    k = KptMeasurement
    first = func.min(k.id)
    outside = session.exec(
        select(k.household, first)
        .outerjoin(Stove, col(Stove.code) == col(k.household))
        .where(col(Stove.id).is_(None))
        .group_by(col(k.household))
        .order_by(first)
    )
    return {household: f"K-{n:04d}" for n, (household, _) in enumerate(outside, start=1)}
