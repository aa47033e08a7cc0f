"""The household protocol: what a parsed SMS means for this phone, and what to answer."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.db.driver_sql import DriverSql
from core.messaging import texts
from core.messaging.usage import Recorded, record_report
from core.models import ConversationState, Phone, Stove
from core.periods import local_date, report_week
from core.privacy.consent import consent_by_sms
from core.protocol import DAYS_MAX, DAYS_MIN, Command, Intent

# How long a question stays open: the weekly prompt is answered within the week or not at all.
QUESTION_TTL = timedelta(days=7)
AWAITING_DAYS = "days_used"


@dataclass(frozen=True)
class Outcome:
    """How a message was interpreted and what the household is told (None: stay silent)."""

    interpretation: str
    reply: str | None
    needs_review: bool = False
    notice_for: int | None = None  # a household that registered and is due the privacy notice


@dataclass(frozen=True)
class Sender:
    """The sending phone as one query reads it: a plain row, since every message needs one.

    `stove_id` is the household's stove in use today (None without one); `question_pending`
    says whether a conversation state exists, so that answering clears only what is there.
    """

    id: int
    household_id: int | None
    opted_out: bool
    stove_id: int | None
    question_pending: bool


@dataclass(frozen=True)
class Context:
    """What a message is interpreted against, in the transaction that stored it.

    `received_at` is when the SMS counts as received (core.messaging.receipt): its week is the
    report's.
    """

    sql: DriverSql
    sender: Sender
    message_id: int
    now: datetime
    tz: str
    received_at: datetime | None = None

    @property
    def session(self) -> Session:
        """The transaction's ORM session, for the rare commands that change objects."""
        return self.sql.session

    def phone(self) -> Phone:
        """The sender as an ORM object, for the rare commands that change the phone."""
        phone = self.session.get(Phone, self.sender.id)
        assert phone is not None
        return phone


def interpret(ctx: Context, command: Command) -> Outcome:
    """Apply one household command; opted-out phones hear nothing but the ALTA confirmation."""
    was_opted_out = ctx.sender.opted_out
    outcome = _dispatch(ctx, command)
    if was_opted_out and command.intent is not Intent.START:
        return Outcome(outcome.interpretation, None, outcome.needs_review)
    return outcome


def _dispatch(ctx: Context, command: Command) -> Outcome:
    intent = command.intent
    if intent is Intent.HELP:
        return Outcome("help", texts.HELP)
    if intent is Intent.STOP:
        return _stop(ctx)
    if intent is Intent.START:
        return _start(ctx)
    if intent is Intent.REGISTER:
        return _register(ctx, command.code)
    if intent is Intent.UNREADABLE:
        # An unregistered phone can do nothing before REGISTRO: teach that first.
        unknown = ctx.sender.household_id is None
        reply = texts.UNKNOWN_PHONE if unknown else texts.HELP_UNREADABLE
        return Outcome("unreadable", reply, needs_review=True)
    if intent is Intent.STOP_UNCLEAR:
        # Opting out silences a phone for good: only the keyword alone does it.
        return Outcome("stop_unclear", texts.STOP_HOW, needs_review=True)
    if ctx.sender.household_id is None:
        return Outcome("unknown_phone", texts.UNKNOWN_PHONE)
    keyword = "FOGON" if intent is Intent.OPEN_FIRE else "USO"
    if command.refused:
        return Outcome("refused_number", texts.NUMBER_REFUSED.format(keyword=keyword), True)
    if intent is Intent.USAGE and command.open_fire is not None:
        return _usage_and_fire(ctx, command.number, command.open_fire)
    if intent in (Intent.USAGE, Intent.OPEN_FIRE):
        return _days(ctx, command.number, keyword=keyword)
    if intent is Intent.ANSWER_NUMBER:
        # A bare number answers the weekly question; with none pending it still can only mean
        # days of use, and asking the household to resend would cost it another SMS.
        return _days(ctx, command.number, keyword="USO", week=_asked_week(ctx))
    if intent is Intent.ANSWER_NO and ctx.sender.question_pending:
        return _days(ctx, 0, keyword="USO", week=_asked_week(ctx))
    if intent in (Intent.ANSWER_YES, Intent.ANSWER_NO):
        # A bare NO with nothing pending could deny anything: ask rather than record 0 days.
        # "SI" to the weekly question: the number that follows still counts for its week.
        asked = _asked_week(ctx)
        awaiting = f"{AWAITING_DAYS}@{asked}" if asked else AWAITING_DAYS
        remember_question(ctx.session, phone_id=ctx.sender.id, awaiting=awaiting, now=ctx.now)
        return Outcome("ask_days", texts.ASK_DAYS)
    if intent is Intent.PROBLEM:
        return _problem(ctx, command.text or "")
    return Outcome("unreadable", texts.HELP_UNREADABLE, needs_review=True)


def _stop(ctx: Context) -> Outcome:
    if ctx.sender.opted_out:
        return Outcome("stop", None)
    opt_out(ctx.session, ctx.phone(), now=ctx.now)
    return Outcome("stop", texts.STOPPED)


def opt_out(session: Session, phone: Phone, *, now: datetime) -> None:
    """Silence a phone for good: BAJA alone, or a person confirming an unclear opt-out."""
    phone.opted_out = True
    phone.opted_out_at = now
    session.add(phone)


def _start(ctx: Context) -> Outcome:
    phone = ctx.phone()
    phone.opted_out = False
    phone.opted_out_at = None
    ctx.session.add(phone)
    return Outcome("start", texts.STARTED)


def _register(ctx: Context, code: str | None) -> Outcome:
    if not code:
        return Outcome("register_incomplete", texts.REGISTER_NEEDS_CODE)
    stove, status = registrable_stove(ctx.session, code, today=local_date(ctx.now, ctx.tz))
    if stove is None:
        return Outcome("register_unknown_code", texts.REGISTER_UNKNOWN_CODE.format(code=code), True)
    if status == "retired":
        return Outcome("register_retired", texts.REGISTER_STOVE_RETIRED.format(code=code), True)
    notice = _consent(ctx, stove.household_id)
    if ctx.sender.household_id == stove.household_id:
        return Outcome("register", texts.REGISTER_ALREADY.format(code=code), notice_for=notice)
    # Several phones may report for one household; a phone reports for one household at a time.
    phone = ctx.phone()
    phone.household_id = stove.household_id
    ctx.session.add(phone)
    _clear_question(ctx)  # a question asked for the old household no longer applies
    return Outcome("register", texts.REGISTER_DONE.format(code=code), notice_for=notice)


def _consent(ctx: Context, household_id: int) -> int | None:
    """Registering by SMS is agreeing: on record once; the notice is due if not sent yet."""
    due = consent_by_sms(ctx.session, household_id=household_id, phone_id=ctx.sender.id,
                         now=ctx.now)
    return household_id if due else None


def registrable_stove(session: Session, code: str, *, today: date) -> tuple[Stove | None, str]:
    """The stove a code names and whether a phone may register to it: ok | retired."""
    stove = session.exec(select(Stove).where(Stove.code == code)).first()
    # Retired is decommissioned; a stove installed later this week may be registered already.
    if stove is not None and not stove.is_active_on(max(today, stove.installed_on)):
        return stove, "retired"
    return stove, "ok"


def _asked_week(ctx: Context) -> str | None:
    """The week a pending weekly question asked about (days_used@2026-W48), if one is pending."""
    if not ctx.sender.question_pending:
        return None
    state = ctx.session.get(ConversationState, ctx.sender.id)
    if state is None or state.expires_at <= ctx.now or "@" not in state.awaiting:
        return None
    return state.awaiting.partition("@")[2] or None


def _days(ctx: Context, number: int | None, *, keyword: str, week: str | None = None) -> Outcome:
    kind = "usage" if keyword == "USO" else "open_fire"
    if number is None:
        return Outcome(f"{kind}_incomplete", texts.NEEDS_NUMBER.format(keyword=keyword))
    if not DAYS_MIN <= number <= DAYS_MAX:
        return Outcome("out_of_range", texts.OUT_OF_RANGE.format(keyword=keyword), True)
    fields = {"days_used": number} if kind == "usage" else {"open_fire_days": number}
    written = _record(ctx, week=week, **fields)
    if written is None:
        return Outcome("no_stove", texts.NO_STOVE, True)
    recorded, week = written
    if kind == "open_fire":
        return Outcome(kind, texts.OPEN_FIRE_RECORDED.format(days=number, week=week))
    corrected = recorded.previous_days_used is not None
    template = texts.USAGE_CORRECTED if corrected else texts.USAGE_RECORDED
    return Outcome(kind, template.format(days=number, week=week))


def _usage_and_fire(ctx: Context, days: int | None, fire: int) -> Outcome:
    """USO n FOGON m: both figures, recorded together in one observation."""
    if days is None:
        return _days(ctx, fire, keyword="FOGON")
    if not (DAYS_MIN <= days <= DAYS_MAX and DAYS_MIN <= fire <= DAYS_MAX):
        return Outcome("out_of_range", texts.OUT_OF_RANGE.format(keyword="USO"), True)
    written = _record(ctx, days_used=days, open_fire_days=fire)
    if written is None:
        return Outcome("no_stove", texts.NO_STOVE, True)
    reply = texts.USAGE_AND_FIRE_RECORDED.format(days=days, fire=fire, week=written[1])
    return Outcome("usage", reply)


def _record(
    ctx: Context, *, week: str | None = None, days_used: int | None = None,
    open_fire_days: int | None = None,
) -> tuple[Recorded, str] | None:
    """Record figures for `week` (the week a weekly question asked about), else the week the
    SMS was received in; None without a stove in use."""
    stove_id = ctx.sender.stove_id
    if stove_id is None:
        return None
    week = week or report_week(ctx.received_at or ctx.now, ctx.tz)
    recorded = record_report(
        ctx.sql,
        stove_id=stove_id,
        week=week,
        source_message_id=ctx.message_id,
        now=ctx.now,
        days_used=days_used,
        open_fire_days=open_fire_days,
    )
    _clear_question(ctx)
    return recorded, week


def _problem(ctx: Context, description: str) -> Outcome:
    # Imported here: tickets queues SMS through inbound, which imports this module.
    from core.repairs.tickets import open_ticket

    ticket = open_ticket(
        ctx.session, stove_id=ctx.sender.stove_id, household_id=ctx.sender.household_id,
        phone_id=ctx.sender.id, description=description, source_message_id=ctx.message_id,
        now=ctx.now)
    return Outcome("problem", texts.PROBLEM_OPENED.format(ticket=ticket.id))


CLEAR_QUESTION = "DELETE FROM conversation_states WHERE phone_id = :phone_id"


def remember_question(session: Session, *, phone_id: int, awaiting: str, now: datetime) -> None:
    """Remember the question just asked, so that the bare answer to it is understood."""
    state = session.get(ConversationState, phone_id)
    if state is None:
        state = ConversationState(
            phone_id=phone_id, awaiting=awaiting, asked_at=now, expires_at=now + QUESTION_TTL
        )
    else:
        state.awaiting, state.asked_at, state.expires_at = awaiting, now, now + QUESTION_TTL
    session.add(state)


def _clear_question(ctx: Context) -> None:
    """The question is answered: one DELETE through the driver, none when nothing is pending."""
    if not ctx.sender.question_pending:
        return
    ctx.session.flush()
    ctx.sql.run(CLEAR_QUESTION, {"phone_id": ctx.sender.id})
    key = ctx.session.identity_key(ConversationState, ctx.sender.id)
    loaded = ctx.session.identity_map.get(key)
    if loaded is not None:
        ctx.session.expunge(loaded)  # as the ORM's DELETE would: the session forgets the row
