"""A programme-sized population to benchmark against, and the SMS traffic it sends.

Households with stoves and linked phones are seeded straight into a migrated database; the
traffic is mostly weekly "USO n" reports from those phones, with the other things households
really send mixed in (open-fire days, bare answers, registrations, strangers, noise).
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session

from core.db.engines import make_engine
from core.models import Household, Phone, Stove
from gateway.sms.signing import SignedRequest, twilio_inbound

DISTRICTS = ("Chinchao", "Churubamba", "Santa Maria del Valle", "Amarilis", "Pillco Marca")
BASELINES = ("open_fire", "open_fire", "open_fire", "traditional_stove", "other")


@dataclass(frozen=True)
class Population:
    """Who can text: registered phones with their stove code, codes, and unknown numbers."""

    registered: list[tuple[str, str]]  # (E.164 number, stove code of its household)
    codes: list[str]
    strangers: list[str]  # valid Peruvian numbers no household uses


def _number(index: int) -> str:
    return f"+51987{index:06d}"


def seed(url: str, *, households: int, rng: random.Random) -> Population:
    """Insert households, one active stove each (some with a retired one), and 1-2 phones."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    registered: list[tuple[str, str]] = []
    codes: list[str] = []
    phone_index = 0
    try:
        with Session(engine) as session:
            homes = [
                Household(name=f"Familia {i:05d}", district=DISTRICTS[i % len(DISTRICTS)],
                          community=f"Comunidad {i % 97:02d}", created_at=now)
                for i in range(households)
            ]
            session.add_all(homes)
            session.flush()
            for i, home in enumerate(homes):
                assert home.id is not None
                code = f"QC{i:05d}"
                codes.append(code)
                installed = date(2025, 1 + i % 12, 1 + i % 28)
                if i % 20 == 0:  # a replaced stove: the old one is retired, the new one reports
                    session.add(Stove(code=f"QR{i:05d}", household_id=home.id,
                                      installed_on=date(2024, 6, 1), decommissioned_on=installed,
                                      baseline_stove="open_fire", created_at=now))
                session.add(Stove(code=code, household_id=home.id, installed_on=installed,
                                  baseline_stove=BASELINES[i % len(BASELINES)], created_at=now))
                for _ in range(2 if rng.random() < 0.25 else 1):
                    number = _number(phone_index)
                    phone_index += 1
                    session.add(Phone(number=number, household_id=home.id, created_at=now))
                    registered.append((number, code))
            session.commit()
    finally:
        engine.dispose()
    strangers = [_number(phone_index + 1000 + i) for i in range(max(50, households // 4))]
    return Population(registered, codes, strangers)


def _message(population: Population, rng: random.Random) -> tuple[str, str]:
    """One (sender, body), drawn with the proportions a programme inbox shows."""
    roll = rng.random()
    number, code = rng.choice(population.registered)
    days = rng.randint(0, 7)
    if roll < 0.78:
        return number, rng.choice(("USO {d}", "uso {d}", "Uso {d} dias", "USO{d}")).format(d=days)
    if roll < 0.86:
        return number, rng.choice(("FOGON {d}", "fogon {d}", "TULLPA {d}")).format(d=days)
    if roll < 0.90:
        return number, str(days)  # a bare answer to the weekly question
    if roll < 0.92:
        return number, f"REGISTRO {code}"  # already registered: told so
    stranger = rng.choice(population.strangers)
    if roll < 0.95:
        return stranger, f"USO {days}"  # not registered yet: asked to register
    if roll < 0.97:
        return stranger, f"REGISTRO {rng.choice(population.codes)}"
    return rng.choice((number, stranger)), rng.choice(("hola", "AYUDA", "??", "gracias"))


def traffic(
    population: Population, *, count: int, base_url: str, auth_token: str, rng: random.Random
) -> list[SignedRequest]:
    """`count` distinct, correctly signed inbound webhooks (each its own MessageSid)."""
    out = []
    for _ in range(count):
        sender, body = _message(population, rng)
        out.append(twilio_inbound(base_url=base_url, auth_token=auth_token, sender=sender,
                                  body=body, message_sid=f"SM{rng.getrandbits(128):032x}"))
    return out
