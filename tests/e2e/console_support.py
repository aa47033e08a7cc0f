"""A small programme for the console's tests: two districts, their staff, reports and tasks.

Chinchao (coordinator A) and Amarilis (coordinator B) each have three households; Chinchao's
and Amarilis's stoves report this week and last, each district has a message flagged for
review and an open ticket, and only stoves with coordinates appear on the map. The admin
sees both. Everything is dated relative to NOW, the services' frozen clock.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from core.console.login import create_login_link
from core.models import (
    Household,
    InboundMessage,
    Phone,
    StaffMember,
    Stove,
    UsageObservation,
)
from core.periods import report_week
from core.repairs.tickets import open_ticket
from core.staffbot.members import invite_staff
from gateway.wiring import Services

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday in Lima, week 2026-W48
TZ = "America/Lima"
DISTRICT_A, DISTRICT_B = "Chinchao", "Amarilis"


@dataclass(frozen=True)
class Seeded:
    """Ids the tests address: staff, households, flagged messages and tickets per district."""

    coordinator_a: int
    coordinator_b: int
    admin: int
    households: dict[str, list[int]]
    flagged: dict[str, int]
    tickets: dict[str, int]


def _staff_id(services: Services, role: str, districts: list[str], name: str) -> int:
    invite_staff(services.uow(), role=role, districts=districts, name=name, now=NOW)
    with services.uow() as uow:
        member = uow.session.exec(select(StaffMember).where(StaffMember.name == name)
                                  .order_by(col(StaffMember.id).desc())).first()
        assert member is not None and member.id is not None
        return member.id


def _district(services: Services, district: str, n: int, located: bool) -> tuple[list[int], int]:
    """Three households with a stove and phone each; their reports; one flagged message."""
    ids, message_id = [], 0
    this_week = report_week(NOW, TZ)
    last_week = report_week(NOW - timedelta(days=7), TZ)
    with services.uow() as uow:
        s = uow.session
        for i in range(3):
            household = Household(
                name=f"Familia {district} {i}", district=district, community=f"Comunidad {i}",
                latitude=-9.9 - n * 0.1 - i * 0.01 if located or i else None,
                longitude=-76.2 + i * 0.01 if located or i else None, created_at=NOW)
            s.add(household)
            s.flush()
            stove = Stove(code=f"{district[:3].upper()}{i:03d}", household_id=household.id,
                          installed_on=date(2026, 1, 5))
            phone = Phone(number=f"+519{n}00000{i:02d}", household_id=household.id,
                          created_at=NOW)
            s.add_all([stove, phone])
            s.flush()
            for week, days in ((this_week, 5 if i else 0), (last_week, 6)):
                if week == this_week and i == 2:
                    continue  # one household has not answered this week
                s.add(UsageObservation(stove_id=stove.id, week=week, days_used=days,
                                       reported_at=NOW - timedelta(days=1)))
            ids.append(household.id or 0)
            if i == 0:
                message = InboundMessage(
                    provider="twilio", provider_id=f"SM{district}", sender=phone.number,
                    body=f"la cocina de {district} humea raro", received_at=NOW - timedelta(
                        days=2), phone_id=phone.id, interpretation="unreadable",
                    needs_review=True)
                s.add(message)
                s.flush()
                message_id = message.id or 0
        uow.commit()
    return ids, message_id


def seed_console(services: Services) -> Seeded:
    """Seed both districts, their coordinators, an admin, a flagged message and a ticket each."""
    services.clock = lambda: NOW
    households, flagged, tickets = {}, {}, {}
    for n, (district, located) in enumerate(((DISTRICT_A, True), (DISTRICT_B, False)), 1):
        households[district], flagged[district] = _district(services, district, n, located)
        with services.uow() as uow:
            first = uow.session.get(Household, households[district][0])
            assert first is not None
            stove = uow.session.exec(
                select(Stove).where(Stove.household_id == first.id)
            ).one()
            ticket = open_ticket(uow.session, stove_id=stove.id, household_id=first.id,
                                 phone_id=None, description=f"chimenea rota en {district}",
                                 source_message_id=None, now=NOW - timedelta(days=3))
            uow.commit()
            tickets[district] = ticket.id or 0
    return Seeded(
        coordinator_a=_staff_id(services, "coordinator", [DISTRICT_A], "Rosa Chinchao"),
        coordinator_b=_staff_id(services, "coordinator", [DISTRICT_B], "Luis Amarilis"),
        admin=_staff_id(services, "admin", [], "Ana Admin"),
        households=households, flagged=flagged, tickets=tickets)


def link_path(services: Services, staff_id: int, *, at: datetime = NOW) -> str:
    """A fresh one-time login path for the member, made at `at`."""
    return f"/console/entrar/{create_login_link(services.uow(), staff_id=staff_id, now=at)}"
