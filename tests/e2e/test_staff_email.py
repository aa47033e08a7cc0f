"""A coordinator's e-mail is theirs only once the one-time code sent to it comes back."""

import re
from collections.abc import Callable
from datetime import timedelta

from click.testing import CliRunner, Result
from gateway_support import NOW
from sqlmodel import col, select
from telegram_support import BotEnv

from core.models import OutboundMessage, StaffEmailCode, StaffMember
from core.monitoring.digest import coordinators
from core.staffbot import texts as staff_texts
from gateway.cli import main
from gateway.wiring import Services

ANA = 222


def invoke(services: Services, *args: str) -> Result:
    """Run the command line on these services."""
    return CliRunner().invoke(main, list(args), obj={"services": services})


def sent_code(services: Services, address: str) -> str:
    """The code in the latest e-mail queued to `address` (as its reader would see it)."""
    with services.uow() as uow:
        row = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.recipient == address)
            .order_by(col(OutboundMessage.id).desc())
        ).first()
    assert row is not None and row.channel == "email" and row.purpose == "email_code"
    found = re.search(r"\b(\d{6})\b", row.body)
    assert found is not None, row.body
    return found.group(1)


def email_of(services: Services, staff_id: int) -> str | None:
    with services.uow() as uow:
        member = uow.session.get(StaffMember, staff_id)
        assert member is not None
        return member.email


def test_invite_with_an_email_sends_a_code_and_only_the_code_makes_it_the_digests(
    services_with: Callable[..., Services],
) -> None:
    services = services_with()
    invited = invoke(services, "staff", "invite", "--role", "coordinator", "--district",
                     "Chinchao", "--name", "Ana", "--email", " Ana@Example.ORG ")
    assert invited.exit_code == 0, invited.stderr
    assert "A code was queued by e-mail to Ana@example.org" in invited.stderr
    code = sent_code(services, "Ana@example.org")
    with services.uow() as uow:
        stored = uow.session.exec(select(StaffEmailCode)).one()
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert [c.email for c in coordinators(services.uow())] == [None]  # not yet verified

    wrong = invoke(services, "staff", "set", "1", "--email-code", "000000" if code != "000000"
                   else "111111")
    right = invoke(services, "staff", "set", "1", "--email-code", code)
    again = invoke(services, "staff", "set", "1", "--email-code", code)

    assert wrong.exit_code == 1 and "wrong code" in wrong.stderr
    assert right.exit_code == 0
    assert right.stdout == "staff member 1: digests go to Ana@example.org\n"
    assert again.exit_code == 1 and "no code is waiting" in again.stderr  # one time only
    assert [c.email for c in coordinators(services.uow())] == ["Ana@example.org"]


def test_an_expired_code_or_too_many_tries_confirm_nothing(
    services_with: Callable[..., Services],
) -> None:
    services = services_with()
    assert invoke(services, "staff", "invite", "--role", "coordinator", "--district",
                  "Chinchao").exit_code == 0
    assert invoke(services, "staff", "set", "1", "--email", "ana@example.org").exit_code == 0
    code = sent_code(services, "ana@example.org")
    services.clock = lambda: NOW + timedelta(minutes=31)

    late = invoke(services, "staff", "set", "1", "--email-code", code)

    assert late.exit_code == 1 and "no code is waiting" in late.stderr
    assert invoke(services, "staff", "set", "1", "--email", "ana@example.org").exit_code == 0
    fresh = sent_code(services, "ana@example.org")
    wrong = "000000" if fresh != "000000" else "111111"
    tries = [invoke(services, "staff", "set", "1", "--email-code", wrong) for _ in range(5)]
    assert "too many wrong codes" in tries[-1].stderr
    burnt = invoke(services, "staff", "set", "1", "--email-code", fresh)
    assert burnt.exit_code == 1 and "too many wrong codes" in burnt.stderr
    assert email_of(services, 1) is None
    unreadable = invoke(services, "staff", "set", "1", "--email", "ana at example")
    assert unreadable.exit_code == 1 and "not readable" in unreadable.stderr


def test_correo_in_the_bot_sends_a_code_and_confirms_the_address(bot_env: BotEnv) -> None:
    bot_env.enrol(ANA, role="coordinator", name="Ana")

    bot_env.say(ANA, "/correo ana@example.org")
    sent = bot_env.last(ANA)
    code = sent_code(bot_env.services, "ana@example.org")
    bot_env.say(ANA, "/correo")
    pending = bot_env.last(ANA)
    bot_env.say(ANA, f"/correo {code}")

    assert sent.startswith("Le envié un código a ana@example.org.")
    assert "ninguno (por confirmar: ana@example.org)" in pending
    assert bot_env.last(ANA) == staff_texts.EMAIL_CONFIRMED.format(address="ana@example.org")
    assert email_of(bot_env.services, 1) == "ana@example.org"
    bot_env.say(ANA, "/correo 123")
    assert bot_env.last(ANA) == staff_texts.EMAIL_REFUSED["none"]
