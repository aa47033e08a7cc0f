"""Verification visits recorded in the field with the bot: rights, evidence and the far-away flag.

The visit itself is stored by `record_visit`, as imported visits are, so the report credits
it the same way; this adds who recorded it, the photo's SHA-256 (the file is under
MEDIA_ROOT) and the distance from the stove's registered location, flagging a visit
recorded farther than VISIT_FLAG_DISTANCE_KM.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from core.db.uow import UnitOfWork
from core.field.visits import VisitRejected, record_visit
from core.imports.rows import RowOutcome
from core.models import Household, Stove, Visit, VisitBase
from core.models.verification import VISIT_CONDITIONS
from core.periods import local_date
from core.refusals import Refused
from core.staffbot.members import Staff
from core.stove_codes import is_answer_word, normalise_stove_code

EARTH_RADIUS_M = 6_371_000.0


class VisitRefused(Refused):
    """A visit the member may not or cannot record: a code the staff texts word for them."""


@dataclass(frozen=True)
class StoveToVisit:
    """The stove a visit is about, as the member sees it."""

    code: str
    district: str
    community: str
    household: str


@dataclass(frozen=True)
class FieldVisit:
    """The answers of /visita."""

    code: str
    found: bool
    not_found_reason: str = ""
    in_use: bool = False
    condition: str = "good"
    open_fire_in_use: bool | None = None
    notes: str = ""
    latitude: float | None = None
    longitude: float | None = None
    photo_sha256: str | None = None


@dataclass(frozen=True)
class RecordedVisit:
    """What was stored, and whether it was flagged as recorded far from the stove."""

    outcome: RowOutcome
    distance_m: float | None
    far_from_stove: bool


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine): ample for a 1 km flag."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def far_from_stove(away_m: float | None, flag_km: float) -> bool:
    """The one rule: a visit recorded farther than VISIT_FLAG_DISTANCE_KM is flagged."""
    return away_m is not None and away_m > flag_km * 1000


def distance_from_stove(
    uow: UnitOfWork, staff: Staff, code: str, *, latitude: float, longitude: float
) -> float | None:
    """Metres from the stove's registered location (None when it has none), before saving."""
    with uow.reading():
        _, household = _stove(uow.session, staff, code)
        if household.latitude is None or household.longitude is None:
            return None
        return distance_m(latitude, longitude, household.latitude, household.longitude)


def _stove(session: Session, staff: Staff, text: str) -> tuple[Stove, Household]:
    code = normalise_stove_code(text)
    if is_answer_word(text):
        raise VisitRefused("answer_not_code", answer=text.strip()[:20])
    found = session.exec(
        select(Stove, Household).join(Household).where(Stove.code == code)
    ).first()
    if found is None:
        raise VisitRefused("visit_unknown_stove", stove=code or text.strip()[:20])
    stove, household = found
    if not staff.can_act_in(household.district):
        raise VisitRefused("visit_outside_districts", stove=code)
    return stove, household


def stove_to_visit(uow: UnitOfWork, staff: Staff, code: str) -> StoveToVisit:
    """The stove behind a code, if the member may visit it."""
    with uow:
        stove, household = _stove(uow.session, staff, code)
        return StoveToVisit(stove.code, household.district, household.community, household.name)


def record_field_visit(
    uow: UnitOfWork, staff: Staff, visit: FieldVisit, *, now: datetime, tz: str,
    flag_km: float,
) -> RecordedVisit:
    """Store the visit as one the report credits, with its evidence; VisitRefused says why not."""
    if visit.found and visit.condition not in VISIT_CONDITIONS:
        raise VisitRefused("visit_bad_condition")
    surveyor = f"{staff.name or 'personal'} #{staff.id}"[:100]
    base = VisitBase(
        visited_on=local_date(now, tz), found=visit.found,
        not_found_reason=visit.not_found_reason[:200], in_use=visit.found and visit.in_use,
        condition=visit.condition if visit.found else "good",
        open_fire_in_use=visit.open_fire_in_use if visit.found else None,
        surveyor=surveyor, latitude=visit.latitude, longitude=visit.longitude,
        notes=visit.notes[:1000],
    )
    with uow:
        session = uow.session
        stove, household = _stove(session, staff, visit.code)
        try:
            outcome = record_visit(session, stove=stove, visit=base, source="telegram", now=now,
                                   tz=tz)
        except VisitRejected as rejected:
            raise VisitRefused("visit_rejected", detail=str(rejected)) from rejected
        away = None
        if None not in (visit.latitude, visit.longitude, household.latitude, household.longitude):
            away = distance_m(visit.latitude, visit.longitude,  # type: ignore[arg-type]
                              household.latitude, household.longitude)  # type: ignore[arg-type]
        row = session.exec(select(Visit).where(
            Visit.stove_id == stove.id, Visit.visited_on == base.visited_on,
            Visit.surveyor == surveyor)).one()
        row.staff_id, row.photo_sha256 = staff.id, visit.photo_sha256
        row.distance_m = None if away is None else round(away, 1)
        row.far_from_stove = far_from_stove(away, flag_km)
        session.add(row)
        uow.commit()
        return RecordedVisit(outcome, row.distance_m, row.far_from_stove)
