"""The weekly prompt, the reminder and the welcome: once per household and week, in the window."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from core.field.installations import Installation, register_installation
from core.messaging import texts
from core.messaging.inbound import InboundSms, receive_sms
from core.models import (
    ConversationState,
    Household,
    OutboundMessage,
    Phone,
    Stove,
    UsageObservation,
)
from core.outbox.windows import parse_windows
from core.prompts.reminders import queue_reminders
from core.prompts.weekly import Campaign, queue_weekly_prompts
from core.staffbot.members import Staff
from gateway.wiring import Services

TZ = "America/Lima"
FRIDAY_18 = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # Friday 18:00 in Lima, week 2026-W48
HOURS = parse_windows("mon-fri 08:00-20:00; sat 09:00-13:00")
CAMPAIGN = Campaign(provider="twilio", tz=TZ, bulk_hours=HOURS, spread=timedelta(minutes=90))


def household(services: Services, number: str | None, *, installed: date = date(2025, 3, 1),
              created: datetime = FRIDAY_18 - timedelta(days=10), opted_out: bool = False,
              code: str | None = None) -> int:
    with services.uow() as uow:
        home = Household(name="Familia", district="Chinchao", created_at=created)
        uow.session.add(home)
        uow.session.flush()
        assert home.id is not None
        uow.session.add(Stove(code=code or f"S{home.id:05d}", household_id=home.id,
                              installed_on=installed))
        if number:
            uow.session.add(Phone(number=number, household_id=home.id, opted_out=opted_out))
        uow.commit()
        return home.id


def sms(services: Services, number: str, body: str, at: datetime, sid: str) -> str | None:
    message = InboundSms(provider="twilio", provider_id=sid, sender=number, recipient="",
                         body=body, raw_payload="", received_at=at)
    return receive_sms(services.uow(), message, now=at, tz=TZ).reply


def outbound(services: Services) -> list[OutboundMessage]:
    with services.uow() as uow:
        return list(uow.session.exec(select(OutboundMessage).order_by(col(OutboundMessage.id))))


def test_each_household_is_asked_once_per_week(services: Services) -> None:
    for i in range(4):
        household(services, f"+5198765000{i}")
    first = queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    later = FRIDAY_18 + timedelta(hours=1)
    again = queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=later)
    assert (first.week, first.queued, again.queued, again.already_queued) == ("2026-W48", 4, 0, 4)
    rows = outbound(services)
    assert [r.body for r in rows] == [texts.WEEKLY_PROMPT] * 4
    assert {r.purpose for r in rows} == {"prompt"}


def test_prompts_are_staggered_within_the_window(services: Services) -> None:
    for i in range(10):
        household(services, f"+519876500{i:02d}")
    late = FRIDAY_18 + timedelta(minutes=30)  # 18:30: the window closes at 20:00
    queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=late)
    times = sorted(r.next_attempt_at for r in outbound(services))
    assert len(set(times)) == 10
    assert times[0] == late and times[-1] < late + timedelta(minutes=90)
    assert times[-1] - times[0] >= timedelta(minutes=60)


def test_opted_out_new_and_silent_households_are_not_prompted(services: Services) -> None:
    household(services, "+51987650001", opted_out=True)
    household(services, "+51987650002", installed=date(2026, 11, 25))  # this week
    long_ago = FRIDAY_18 - timedelta(days=400)
    silent = household(services, "+51987650003", created=long_ago)
    household(services, "+51987650004", created=long_ago)  # but wrote ten days ago
    household(services, "+51987650005")  # imported ten days ago, never heard from
    sms(services, "+51987650004", "AYUDA", FRIDAY_18 - timedelta(days=10), "SM1")
    run = queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    assert run.silent == [silent]
    recipients = {r.recipient for r in outbound(services) if r.purpose == "prompt"}
    assert recipients == {"+51987650004", "+51987650005"}


def test_installed_last_week_gets_a_welcome_then_the_prompt_once(services: Services) -> None:
    household(services, "+51987650001", installed=date(2026, 11, 18))  # week 2026-W47
    queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    assert [r.body for r in outbound(services)] == [texts.WELCOME, texts.WEEKLY_PROMPT]
    next_week = FRIDAY_18 + timedelta(days=7)
    queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=next_week)
    assert [r.body for r in outbound(services)][2:] == [texts.WEEKLY_PROMPT]


def test_a_bare_answer_counts_for_the_week_asked_even_days_later(services: Services) -> None:
    household(services, "+51987650001")
    queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    # Thursday of the next week: without the question it would count for 2026-W49.
    thursday = FRIDAY_18 + timedelta(days=6)
    reply = sms(services, "+51987650001", "5", thursday, "SM1")
    assert reply is not None and "2026-W48" in reply
    with services.uow() as uow:
        weeks = list(uow.session.exec(select(UsageObservation.week)))
    assert weeks == ["2026-W48"]


def test_the_reminder_goes_only_to_those_who_did_not_answer_and_once(services: Services) -> None:
    for i in range(3):
        household(services, f"+5198765000{i}")
    queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    sms(services, "+51987650000", "4", FRIDAY_18 + timedelta(hours=2), "SM1")
    sunday = FRIDAY_18 + timedelta(days=2)
    run = queue_reminders(services.uow(), campaign=CAMPAIGN, week="2026-W48", now=sunday)
    again = queue_reminders(services.uow(), campaign=CAMPAIGN, week="2026-W48", now=sunday)
    assert (run.queued, run.answered, again.queued) == (2, 1, 0)
    reminders = [r for r in outbound(services) if r.purpose == "reminder"]
    assert sorted(r.recipient for r in reminders) == ["+51987650001", "+51987650002"]
    # Sunday has no bulk window: they wait for Monday 08:00 in Lima (13:00 UTC).
    monday_8 = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert min(r.next_attempt_at for r in reminders) == monday_8


def test_an_empty_programme_queues_nothing(services: Services) -> None:
    run = queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    assert run.queued == 0 and outbound(services) == []


def test_more_households_than_one_insert_statement_holds(services: Services) -> None:
    with services.uow() as uow:
        homes = [Household(name=f"F{i}", district="Chinchao", created_at=FRIDAY_18)
                 for i in range(1100)]
        uow.session.add_all(homes)
        uow.session.flush()
        for i, home in enumerate(homes):
            uow.session.add(Stove(code=f"Q{i:05d}", household_id=home.id,
                                  installed_on=date(2025, 1, 1)))
            uow.session.add(Phone(number=f"+51987{i:06d}", household_id=home.id))
        uow.commit()
    run = queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    assert run.queued == 1100
    with services.uow() as uow:
        keys = set(uow.session.exec(select(OutboundMessage.dedupe_key)))
        states = list(uow.session.exec(select(ConversationState.awaiting)))
    assert len(keys) == 1100 and set(states) == {"days_used@2026-W48"} and len(states) == 1100


def test_a_household_welcomed_at_installation_is_not_welcomed_again(services: Services) -> None:
    technician = Staff(id=1, name="Rosa", role="technician", districts=("Chinchao",), chat_id=7)
    installed = FRIDAY_18 - timedelta(days=9)  # Wednesday of 2026-W47
    installation = Installation(
        code="NEW001", household_name="Familia Rojas", phone="+51987650009", district="Chinchao",
        community="Acomayo", latitude=None, longitude=None, baseline_stove="open_fire",
        consent=True,
    )
    register_installation(services.uow(), technician, installation, sms_provider="twilio",
                          now=installed, tz=TZ)
    queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=FRIDAY_18)
    bodies = [r.body for r in outbound(services)]
    assert bodies == [texts.WELCOME_INSTALLED.format(code="NEW001"), texts.WEEKLY_PROMPT]
