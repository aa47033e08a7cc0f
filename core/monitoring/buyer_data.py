"""The buyer's measurement data, de-identified: what a verifier may publish and recompute from.

No name, phone number, coordinate, surveyor or free-text note leaves here. Households and
stoves are named by keyed pseudonyms: HMAC-SHA256 of the database id under the programme's
MONITORING_PSEUDONYM_KEY. The same key gives the same pseudonym on every run (so the
packages of successive periods can be linked), nothing is stored to keep them stable, and
without the key nobody can go back from a pseudonym to a household, which an unkeyed hash of
a small integer or a stove code would allow by trying them all.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from core.db.uow import UnitOfWork
from core.models import Household, KptMeasurement, Stove, Visit
from core.reporting.queries import observations_in_force
from core.reporting.weeks import weeks_of_period

MIN_KEY_LENGTH = 16


@dataclass(frozen=True)
class DataTable:
    """One CSV file of the package: its name, header and rows."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Pseudonyms:
    """Keyed, stable pseudonyms for households and stoves (see the module docstring)."""

    def __init__(self, key: str) -> None:
        if len(key) < MIN_KEY_LENGTH:
            raise ValueError(
                f"MONITORING_PSEUDONYM_KEY must be a secret of at least {MIN_KEY_LENGTH} "
                "characters, kept for good: it keeps household pseudonyms stable across reports"
            )
        self._key = key.encode("utf-8")

    def of(self, prefix: str, value: str) -> str:
        """The pseudonym of one thing: a letter and 16 hex digits of its HMAC."""
        digest = hmac.new(self._key, f"{prefix}:{value}".encode(), hashlib.sha256).hexdigest()
        return f"{prefix}-{digest[:16]}"


def deidentified_data(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    pseudonyms: Pseudonyms,
    as_of: datetime | None = None,
) -> list[DataTable]:
    """The period's stoves, visits, KPT measurements and weekly observations, de-identified."""
    with uow.reading():
        session = uow.session
        stoves = list(
            session.exec(
                select(Stove, Household.district)
                .join(Household, col(Stove.household_id) == col(Household.id))
                .where(
                    Stove.installed_on <= period_end,
                    or_(
                        col(Stove.decommissioned_on).is_(None),
                        col(Stove.decommissioned_on) >= period_start,
                    ),
                )
                .order_by(col(Stove.id))
            )
        )
        stove_ids = {s.id: pseudonyms.of("S", str(s.id)) for s, _ in stoves}
        households = {s.code: pseudonyms.of("H", str(s.household_id)) for s, _ in stoves}
        tables = [
            DataTable(
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
                        stove_ids[s.id],
                        households[s.code],
                        district,
                        s.stove_model,
                        s.baseline_stove,
                        s.installed_on,
                        s.decommissioned_on,
                        s.photo_sha256 or "",
                    )  # fmt: skip
                    for s, district in stoves
                ],
            ),
            _visits(session, period_start, period_end, pseudonyms),
            _kpt(session, period_end, households, pseudonyms),
        ]
        weeks = weeks_of_period(period_start, period_end)
        observations = observations_in_force(session, weeks, as_of)
    tables.append(
        DataTable(
            "weekly_observations",
            ("stove", "week", "days_used", "open_fire_days", "source", "reported_at"),
            [
                (
                    pseudonyms.of("S", str(o.stove_id)),
                    o.week,
                    o.days_used,
                    o.open_fire_days,
                    o.source,
                    o.reported_at,
                )  # fmt: skip
                for o in observations
            ],
        )
    )
    return tables


def _visits(session: Session, start: date, end: date, pseudonyms: Pseudonyms) -> DataTable:
    """The period's visits with their photo's SHA-256 (the evidence kept under MEDIA_ROOT)."""
    visits = session.exec(
        select(Visit)
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
                pseudonyms.of("S", str(v.stove_id)),
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
            for v in visits
        ],
    )


def _kpt(
    session: Session, end: date, households: dict[str, str], pseudonyms: Pseudonyms
) -> DataTable:
    """Every weighed day up to the period's end: the report says which campaigns it credits.

    A KPT household written as a stove code takes that stove's household pseudonym, so a
    verifier can follow it to its stove; any other household id gets its own.
    """
    k = KptMeasurement
    rows = session.exec(
        select(k)
        .where(k.day <= end)
        .order_by(col(k.campaign), col(k.phase), col(k.household), col(k.day))
    )
    return DataTable(
        "kpt_measurements",
        ("campaign", "phase", "household", "day", "wood_kg", "charcoal_kg", "household_size"),
        [
            (m.campaign, m.phase, households.get(m.household) or pseudonyms.of("K", m.household),
             m.day, m.wood_kg, m.charcoal_kg, m.household_size)  # fmt: skip
            for m in rows
        ],
    )
