"""Loading the demonstration programme through the same services real data goes through.

Households come in through the installation import, every SMS through `receive_sms` (so
each usage figure points at a stored message, as in production), the sample is drawn by
`draw_sample` with a fixed seed, and the visits come in through the survey-app import.
Loading twice changes nothing: each step is idempotent, and messages already stored are
not sent again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import select

from core.db.uow import UnitOfWork
from core.demo import programme
from core.imports.households import import_households
from core.imports.rows import ImportReport
from core.imports.visits import import_visits
from core.messaging.inbound import InboundSms, receive_sms
from core.models import InboundMessage
from core.monitoring.sample_status import sample_status
from core.monitoring.sampling import SampleInForce, SampleRefused, draw_sample
from core.mrv.parameters import Parameters

PROVIDER = "demo"  # the provider name on the demo's messages, so they are never mistaken
PERIOD = (date(programme.YEAR, 1, 1), date(programme.YEAR, 12, 31))


@dataclass(frozen=True)
class DemoLoaded:
    """What loading the demo did, for the command line to say."""

    households: ImportReport
    messages_sent: int
    messages_total: int
    sample_id: int
    sample_drawn: bool
    visits: ImportReport
    household_rows: list[dict[str, str]]
    visit_rows: list[dict[str, str]]


def load_demo(
    uow: Callable[[], UnitOfWork],
    *,
    parameters: Parameters,
    tz: str,
    now: datetime,
    on_long_step: Callable[[str], None] = lambda _note: None,
) -> DemoLoaded:
    """Load (or complete) the demonstration programme; raise SampleRefused on a foreign sample.

    `on_long_step` hears of a step that will take a while, before it starts.
    """
    stoves = programme.stoves()
    rows = programme.household_rows(stoves)
    households = import_households(uow(), list(enumerate(rows, start=2)), now=now, tz=tz)
    messages = list(programme.weekly_sms(stoves))
    sent = _send_missing(uow, messages, tz=tz, on_long_step=on_long_step)
    drawn = True
    try:
        draw = draw_sample(
            uow(), period_start=PERIOD[0], period_end=PERIOD[1], parameters=parameters,
            now=now, seed=programme.SEED, drawn_by="qoncha demo",
        )  # fmt: skip
        sample_id = draw.draw_id
    except SampleInForce as exc:
        if exc.draw.seed != programme.SEED or exc.draw.id is None:
            raise SampleRefused(f"{exc}, not the demo's (seed {programme.SEED})") from exc
        sample_id, drawn = exc.draw.id, False
    status = sample_status(uow(), period=PERIOD)
    assert status is not None  # drawn just above
    # The field team visits the whole main sample; nobody is missing, so no reserve is used.
    codes = [stove.code for stove in status.stoves if not stove.is_reserve]
    visit_rows = programme.visit_rows(stoves, codes)
    visits = import_visits(uow(), list(enumerate(visit_rows, start=2)), now=now, tz=tz)
    return DemoLoaded(
        households=households,
        messages_sent=sent,
        messages_total=len(messages),
        sample_id=sample_id,
        sample_drawn=drawn,
        visits=visits,
        household_rows=rows,
        visit_rows=visit_rows,
    )


def _send_missing(
    uow: Callable[[], UnitOfWork],
    messages: list[programme.DemoSms],
    *,
    tz: str,
    on_long_step: Callable[[str], None],
) -> int:
    """Receive each demo SMS not stored yet, at the time it arrived; return how many."""
    with uow() as reading:
        stored = set(
            reading.session.exec(
                select(InboundMessage.provider_id).where(InboundMessage.provider == PROVIDER)
            )
        )
    missing = sum(1 for sms in messages if sms.provider_id not in stored)
    if missing:
        on_long_step(f"receiving {missing} SMS through the inbound service (about a minute)")
    sent = 0
    for sms in messages:
        if sms.provider_id in stored:
            continue
        receive_sms(
            uow(),
            InboundSms(
                provider=PROVIDER,
                provider_id=sms.provider_id,
                sender=sms.sender,
                recipient="",
                body=sms.body,
                raw_payload="",
                received_at=sms.received_at,
            ),
            now=sms.received_at,
            tz=tz,
        )
        sent += 1
    return sent
