"""Console actions in the access log: who changed what of which household, through the web."""

from datetime import datetime

from core.db.uow import UnitOfWork
from core.models import InboundMessage, Phone, RepairTicket
from core.privacy.access import log_access


def log_review_action(uow: UnitOfWork, *, actor: str, message_id: int, now: datetime) -> None:
    """Log a review item resolved from the console, against the sender's household."""
    with uow:
        message = uow.session.get(InboundMessage, message_id)
        phone = uow.session.get(Phone, message.phone_id) if message and message.phone_id else None
        log_access(uow.session, actor=actor, kind="message_body", action="change",
                   household_id=phone.household_id if phone else None,
                   purpose=f"web:review resolve #{message_id}", now=now)
        uow.commit()


def log_ticket_action(
    uow: UnitOfWork, *, actor: str, ticket_id: int, action: str, now: datetime
) -> None:
    """Log a ticket taken, noted or closed from the console, against its household."""
    with uow:
        ticket = uow.session.get(RepairTicket, ticket_id)
        log_access(uow.session, actor=actor, kind="phone", action="change",
                   household_id=ticket.household_id if ticket else None,
                   purpose=f"web:ticket {action} #{ticket_id}", now=now)
        uow.commit()


def log_figures_recomputed(uow: UnitOfWork, *, actor: str, page: str, now: datetime) -> None:
    """Log a member's "Recalcular ahora": no one's data, but an action taken on the console."""
    with uow:
        log_access(uow.session, actor=actor, kind="figures", action="change", household_id=None,
                   purpose=f"web:figures recompute {page}", now=now)
        uow.commit()
