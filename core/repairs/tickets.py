"""Repair tickets worked by field staff: notified, listed, taken, noted, closed, escalated.

A household's FALLA opens a ticket (core.messaging.conversation); its district's technicians
are told at once through the outbox's Telegram channel, with buttons to take, call and see
it. Every action checks the member's rights on the ticket's district here, whatever the button
said. The household's full phone is shown only to the technician who took the ticket, while it
is open, and each showing is written to the access log. Closing tells the household by SMS; a
ticket open for ESCALATE_AFTER is raised to the district's coordinators once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.messaging import texts
from core.models import Household, Phone, RepairTicket, StaffMember, Stove
from core.outbox.payload import Payload
from core.outbox.queue import queue_sms
from core.phones import mask_phone
from core.privacy.access import log_access, staff_actor
from core.refusals import Refused
from core.staffbot import texts as staff_texts
from core.staffbot.members import (
    Staff,
    chats_in_district,
    escalate_to_coordinators,
    queue_staff_message,
)

ESCALATE_AFTER = timedelta(days=7)
PAGE = 5
# The buttons under an alert or a listed ticket; their data is "t:<action>:<ticket id>".
ALERT_ACTIONS = (("take", staff_texts.TICKET_TAKE), ("call", staff_texts.TICKET_CALL),
                 ("view", staff_texts.TICKET_VIEW))
LIST_ACTIONS = (("take", staff_texts.TICKET_TAKE), ("note", staff_texts.TICKET_NOTE),
                ("close", staff_texts.TICKET_CLOSE))
TAKEN_ACTIONS = (("note", staff_texts.TICKET_NOTE), ("close", staff_texts.TICKET_CLOSE))


class TicketRefused(Refused):
    """The ticket is not the member's to see or act on (not_allowed), or no longer open (closed)."""


@dataclass(frozen=True)
class TicketView:
    """One open ticket as staff see it (the phone masked)."""

    id: int
    opened_at: datetime
    district: str
    community: str
    stove_code: str
    phone: str
    words: str
    taken_by: str


@dataclass(frozen=True)
class TicketContact:
    """The household of a ticket, with its full phone, for the technician who took it."""

    ticket: int
    household: str
    phone: str


def ticket_buttons(ticket_id: int, actions: tuple[tuple[str, str], ...]) -> tuple[
        tuple[tuple[str, str], ...], ...]:
    """One row of (label, data) buttons acting on the ticket."""
    return (tuple((label, f"t:{action}:{ticket_id}") for action, label in actions),)


def _row(session: Session, ticket: RepairTicket) -> tuple[Household | None, str, str]:
    household = session.get(Household, ticket.household_id) if ticket.household_id else None
    phone = session.get(Phone, ticket.phone_id) if ticket.phone_id else None
    stove = session.get(Stove, ticket.stove_id) if ticket.stove_id else None
    return household, mask_phone(phone.number if phone else ""), stove.code if stove else "?"


def open_ticket(
    session: Session, *, stove_id: int | None, household_id: int | None, phone_id: int | None,
    description: str, source_message_id: int | None, now: datetime,
) -> RepairTicket:
    """Open a ticket for a household's stove problem and tell its district's technicians."""
    ticket = RepairTicket(
        stove_id=stove_id, household_id=household_id, phone_id=phone_id,
        description=description[:1000], source_message_id=source_message_id, opened_at=now)
    session.add(ticket)
    session.flush()
    notify_new_ticket(session, ticket, now=now)  # the district's technicians, at once
    return ticket


def notify_new_ticket(session: Session, ticket: RepairTicket, *, now: datetime) -> int:
    """Queue a Telegram note to each technician of the ticket's district; how many."""
    household, phone, code = _row(session, ticket)
    if household is None or ticket.id is None:
        return 0
    body = staff_texts.TICKET_NEW.format(
        ticket=ticket.id, code=code, community=household.community or "—",
        district=household.district, phone=phone, words=ticket.description[:500])
    buttons = Payload(buttons=ticket_buttons(ticket.id, ALERT_ACTIONS)).to_json()
    chats = chats_in_district(session, district=household.district, roles=("technician",))
    for chat in chats:
        queue_staff_message(session, chat_id=chat, body=body, now=now, purpose="ticket",
                            payload=buttons)
    return len(chats)


def _view(session: Session, ticket: RepairTicket, household: Household) -> TicketView:
    _, phone, code = _row(session, ticket)
    taker = session.get(StaffMember, ticket.taken_by_id) if ticket.taken_by_id else None
    return TicketView(ticket.id or 0, ticket.opened_at, household.district, household.community,
                      code, phone, ticket.description[:300], taker.name if taker else "")


def open_tickets(uow: UnitOfWork, staff: Staff, *, offset: int = 0) -> tuple[list[TicketView], int]:
    """A page of the open tickets in the member's districts, oldest first, and the total."""
    with uow:
        statement = (
            select(RepairTicket, Household)
            .join(Household, col(Household.id) == col(RepairTicket.household_id))
            .where(RepairTicket.status == "open")
        )
        scope = staff.scope()
        if scope is not None:
            statement = statement.where(col(Household.district).in_(scope))
        rows = uow.session.exec(
            statement.order_by(col(RepairTicket.opened_at), col(RepairTicket.id))).all()
        views = [_view(uow.session, ticket, household)
                 for ticket, household in rows[offset:offset + PAGE]]
        return views, len(rows)


def _ticket(
    session: Session, staff: Staff, ticket_id: int, *, lock: bool = True
) -> RepairTicket:
    """The open ticket, locked, if it lies in the member's districts; else TicketRefused."""
    statement = select(RepairTicket).where(RepairTicket.id == ticket_id)
    ticket = session.exec(statement.with_for_update() if lock else statement).first()
    household = (session.get(Household, ticket.household_id)
                 if ticket is not None and ticket.household_id else None)
    if ticket is None or household is None or not staff.can_act_in(household.district):
        raise TicketRefused("not_allowed")
    if ticket.status != "open":
        raise TicketRefused("closed", ticket=ticket_id)
    return ticket


def check_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int) -> None:
    """Raise TicketRefused unless the member may act on this open ticket."""
    with uow:
        _ticket(uow.session, staff, ticket_id)


def ticket_view(uow: UnitOfWork, staff: Staff, ticket_id: int) -> TicketView:
    """One open ticket of the member's districts, as listed (the phone masked)."""
    with uow.reading():
        ticket = _ticket(uow.session, staff, ticket_id, lock=False)
        household = uow.session.get(Household, ticket.household_id)
        assert household is not None  # _ticket refuses a ticket without one
        return _view(uow.session, ticket, household)


def ticket_contact(
    uow: UnitOfWork, staff: Staff, ticket_id: int, *, now: datetime
) -> TicketContact:
    """The household's full phone for the technician who took this open ticket, logged."""
    with uow:
        session = uow.session
        ticket = _ticket(session, staff, ticket_id, lock=False)
        phone = session.get(Phone, ticket.phone_id) if ticket.phone_id else None
        if ticket.taken_by_id != staff.id or phone is None:
            raise TicketRefused("not_taken", ticket=ticket_id)
        household = session.get(Household, ticket.household_id)
        log_access(session, actor=staff_actor(staff.id, staff.name), kind="phone",
                   household_id=ticket.household_id, purpose=f"bot reclamo #{ticket_id}", now=now)
        uow.commit()
        return TicketContact(ticket_id, household.name if household else "", phone.number)


def take_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int, *, now: datetime) -> None:
    """The member takes the ticket on."""
    with uow:
        ticket = _ticket(uow.session, staff, ticket_id)
        ticket.taken_by_id = staff.id
        _append(ticket, now, f"tomado por {staff.name or staff.id}")
        uow.session.add(ticket)
        uow.commit()


def note_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int, note: str, *, now: datetime) -> None:
    """Add a dated note."""
    with uow:
        ticket = _ticket(uow.session, staff, ticket_id)
        _append(ticket, now, f"{staff.name or staff.id}: {note.strip()[:1000]}")
        uow.session.add(ticket)
        uow.commit()


def close_ticket(
    uow: UnitOfWork, staff: Staff, ticket_id: int, resolution: str, *, now: datetime,
    sms_provider: str,
) -> None:
    """Close with what was done, and queue an SMS telling the household."""
    with uow:
        session = uow.session
        ticket = _ticket(session, staff, ticket_id)
        ticket.status, ticket.closed_at = "closed", now
        ticket.resolution = resolution.strip()[:1000]
        ticket.taken_by_id = ticket.taken_by_id or staff.id
        session.add(ticket)
        phone = session.get(Phone, ticket.phone_id) if ticket.phone_id else None
        if phone is not None and not phone.opted_out:
            queue_sms(session, to=phone.number, provider=sms_provider, now=now,
                      purpose="ticket_closed",
                      body=texts.TICKET_CLOSED.format(ticket=ticket.id))
        uow.commit()


def escalate_stale_tickets(uow: UnitOfWork, *, now: datetime) -> int:
    """Raise tickets open for 7 days to their district's coordinators, once; how many raised."""
    with uow:
        session = uow.session
        stale = session.exec(
            select(RepairTicket, Household)
            .join(Household, col(Household.id) == col(RepairTicket.household_id))
            .where(RepairTicket.status == "open", col(RepairTicket.escalated_at).is_(None),
                   col(RepairTicket.opened_at) <= now - ESCALATE_AFTER)
            .with_for_update(skip_locked=True)
        ).all()
        for ticket, household in stale:
            days = (now - ticket.opened_at).days
            body = staff_texts.TICKET_ESCALATED.format(
                ticket=ticket.id, days=days, community=household.community or "—",
                district=household.district, words=ticket.description[:300])
            escalate_to_coordinators(session, district=household.district, body=body, now=now)
            ticket.escalated_at = now
            session.add(ticket)
        uow.commit()
        return len(stale)


def _append(ticket: RepairTicket, now: datetime, line: str) -> None:
    stamp = now.strftime("%Y-%m-%d %H:%M UTC")
    ticket.notes = f"{ticket.notes}\n{stamp} {line}".strip()
