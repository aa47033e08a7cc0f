"""Who the weekly prompt is for: households with a stove in use, their phone, and who is silent.

"Silent household" has one meaning in qoncha, defined here (`is_silent`) and used by the
weekly prompt (which leaves silent households out), the coordinators' digest, the bot's
/silenciosos and `qoncha households silent`: a household with a stove in use that has given
no sign of life — no message from any of its phones, no usage observation, no visit — for
the given number of weeks (SILENT_AFTER_WEEKS unless asked otherwise), counted from its
installation or registration when that is later.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from core.models import (
    Household,
    InboundMessage,
    Phone,
    Stove,
    UsageObservation,
    Visit,
    stove_active_on,
)


@dataclass(frozen=True)
class Addressee:
    """A household with a stove in use, the phone to ask, and when it last gave a sign of life."""

    household_id: int
    district: str
    installed_on: date
    phone_id: int | None  # None: no opted-in, valid phone
    number: str | None
    last_sign: datetime
    last_heard: datetime | None = None  # its last message or observation (None: never)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def households_in_use(session: Session, *, today: date) -> dict[int, tuple[str, date, datetime]]:
    """Households with a stove in use today: district, first installation, when qoncha met them."""
    rows = session.exec(
        select(
            Stove.household_id,
            Household.district,
            func.min(Stove.installed_on),
            Household.created_at,
        )
        .join(Household, col(Household.id) == col(Stove.household_id))
        .where(stove_active_on(today))
        .group_by(col(Stove.household_id), col(Household.district), col(Household.created_at))
    )
    return {hh: (district, installed, created) for hh, district, installed, created in rows}


# Over 60 lines: one pass over the phones picks each household's phone and last sign together.
def addressees(session: Session, *, today: date) -> list[Addressee]:
    """Every household in use with the phone to ask: the one that wrote last, else the first."""
    households = households_in_use(session, today=today)
    last_by_phone = dict(
        session.exec(
            select(InboundMessage.phone_id, func.max(InboundMessage.received_at))
            .where(col(InboundMessage.phone_id).is_not(None))
            .group_by(col(InboundMessage.phone_id))
        ).all()
    )
    last_observation = dict(
        session.exec(
            select(Stove.household_id, func.max(UsageObservation.reported_at))
            .join(Stove, col(Stove.id) == col(UsageObservation.stove_id))
            .group_by(col(Stove.household_id))
        ).all()
    )
    last_visit = dict(
        session.exec(
            select(Stove.household_id, func.max(Visit.visited_on))
            .join(Stove, col(Stove.id) == col(Visit.stove_id))
            .group_by(col(Stove.household_id))
        ).all()
    )
    heard: dict[int, datetime] = {}
    chosen: dict[int, tuple[datetime, int, str]] = {}
    phones = session.execute(
        sql_select(
            col(Phone.id),
            col(Phone.number),
            col(Phone.household_id),
            col(Phone.opted_out),
            col(Phone.invalid_at),
        )
        .where(col(Phone.household_id).is_not(None))
        .order_by(col(Phone.id))
    )
    epoch = datetime.min.replace(tzinfo=UTC)
    for phone_id, number, household_id, opted_out, invalid_at in phones:
        last = last_by_phone.get(phone_id)
        if last is not None and last > heard.get(household_id, epoch):
            heard[household_id] = last
        if opted_out or invalid_at is not None:
            continue
        rank = (last or epoch, -phone_id, number)
        if household_id not in chosen or rank[:2] > chosen[household_id][:2]:
            chosen[household_id] = rank
    result = []
    for household_id, (district, installed, created) in sorted(households.items()):
        # Imported last week, installed long ago: six weeks of silence count from the import.
        heard_from = [t for t in (heard.get(household_id), last_observation.get(household_id))
                      if t is not None]
        last_heard = _aware(max(heard_from)) if heard_from else None
        signs = [_midnight(installed), _aware(created), last_heard or epoch]
        if household_id in last_visit:
            signs.append(_midnight(last_visit[household_id]))
        pick = chosen.get(household_id)
        result.append(
            Addressee(
                household_id,
                district,
                installed,
                -pick[1] if pick else None,
                pick[2] if pick else None,
                max(signs),
                last_heard,
            )
        )
    return result


def _aware(moment: datetime) -> datetime:
    """Aggregates bypass the column type: SQLite gives naive UTC times back."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def silent_before(now: datetime, silent_after: timedelta) -> datetime:
    """A household whose last sign of life is earlier than this is silent (the one definition)."""
    return now - silent_after


def is_silent(addressee: Addressee, *, now: datetime, silent_after: timedelta) -> bool:
    """No message, observation, visit or installation for `silent_after`."""
    return addressee.last_sign < silent_before(now, silent_after)


def silent_addressees(
    session: Session, *, now: datetime, today: date, silent_after: timedelta,
    districts: tuple[str, ...] | None = None,
) -> list[Addressee]:
    """The silent households (of these districts; None: all), longest silent first."""
    return sorted(
        (a for a in addressees(session, today=today)
         if (districts is None or a.district in districts)
         and is_silent(a, now=now, silent_after=silent_after)),
        key=lambda a: (a.last_sign, a.household_id))


def households_reported(session: Session, *, week: str) -> set[int]:
    """Households with a days-of-use figure in force for the week."""
    rows = session.exec(
        select(Stove.household_id)
        .join(UsageObservation, col(UsageObservation.stove_id) == col(Stove.id))
        .where(
            col(UsageObservation.week) == week,
            col(UsageObservation.superseded_at).is_(None),
            col(UsageObservation.days_used).is_not(None),
        )
        .distinct()
    )
    return set(rows)
