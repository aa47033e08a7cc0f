"""Loading the demonstration programme through the same services real data goes through.

Households come in through the installation import, every SMS through `receive_sms` (so
each usage figure points at a stored message, as in production), the samples are drawn by
`draw_sample` with fixed seeds, and the visits come in through the survey-app import. The
programme is dated from today (core.demo.present). Loading twice changes nothing but the
demo staff's fresh invite codes; loading again a week later adds that week's answers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import select

from core.db.uow import UnitOfWork
from core.demo import present, programme
from core.demo.staff import DemoMember, demo_staff
from core.imports.households import import_households
from core.imports.rows import ImportReport
from core.imports.visits import import_visits
from core.messaging.inbound import InboundSms, receive_sms
from core.models import InboundMessage
from core.monitoring.sample_status import sample_status
from core.monitoring.sampling import SampleInForce, SampleRefused, draw_sample
from core.mrv.parameters import Parameters
from core.periods import local_date

PROVIDER = "demo"  # the provider name on the demo's messages, so they are never mistaken


@dataclass(frozen=True)
class DemoSample:
    """One of the demo's samples: its year, id, seed, whether drawn now, and its progress."""

    year: int
    id: int
    seed: int
    drawn: bool
    main: int
    visited: int


@dataclass(frozen=True)
class DemoLoaded:
    """What loading the demo did, for the command line to say."""

    households: ImportReport
    messages_sent: int
    messages_total: int
    first_week: date
    samples: tuple[DemoSample, ...]
    visits: ImportReport
    staff: tuple[DemoMember, ...]
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
    today = local_date(now, tz)
    with uow().reading() as reading:
        year = present.demo_year(reading.session, today)
    stoves = programme.stoves(year)
    rows = programme.household_rows(stoves)
    # Registered when the programme's last stove was installed, so silence counts from then.
    met = datetime.combine(max(s.installed_on for s in stoves), time(12), UTC)
    households = import_households(uow(), list(enumerate(rows, start=2)), now=met, tz=tz)
    mondays = present.sms_mondays(today)
    messages = list(programme.weekly_sms(stoves, mondays, now))
    messages += present.recent_sms(stoves, today)
    sent = _send_missing(uow, messages, tz=tz, on_long_step=on_long_step)
    full = _sample(uow, year, parameters, now)
    dated = programme.autumn_visits(full.codes, year)
    visit_rows = programme.visit_rows(stoves, dated)
    samples = [full]
    if today.year > year:
        current = _sample(uow, today.year, parameters, now)
        visit_rows += present.visits_so_far(stoves, current.codes, today)
        samples.append(current)
    visits = import_visits(uow(), list(enumerate(visit_rows, start=2)), now=now, tz=tz)
    return DemoLoaded(
        households=households,
        messages_sent=sent,
        messages_total=len(messages),
        first_week=mondays[0],
        samples=tuple(s.progress(uow) for s in samples),
        visits=visits,
        staff=tuple(demo_staff(uow, now=now)),
        household_rows=rows,
        visit_rows=visit_rows,
    )


@dataclass(frozen=True)
class _Drawn:
    year: int
    id: int
    seed: int
    drawn: bool
    codes: list[str]  # the main sample (the field team needs no reserve: nobody is missing)

    def progress(self, uow: Callable[[], UnitOfWork]) -> DemoSample:
        """The sample's state once the visits are in."""
        status = sample_status(uow(), period=(date(self.year, 1, 1), date(self.year, 12, 31)))
        stoves = status.stoves if status else ()
        visited = sum(1 for s in stoves if s.visited_on and not s.is_reserve)
        return DemoSample(self.year, self.id, self.seed, self.drawn, len(self.codes), visited)


def _sample(
    uow: Callable[[], UnitOfWork], year: int, parameters: Parameters, now: datetime
) -> _Drawn:
    """Draw the demo's sample of `year` with its seed, or find it drawn already."""
    period = (date(year, 1, 1), date(year, 12, 31))
    seed, drawn = present.sample_seed(year), True
    try:
        draw_id = draw_sample(
            uow(), period_start=period[0], period_end=period[1], parameters=parameters,
            now=now, seed=seed, drawn_by=present.DRAWN_BY,
        ).draw_id  # fmt: skip
    except SampleInForce as exc:
        if exc.draw.seed != seed or exc.draw.id is None:
            raise SampleRefused(f"{exc}, not the demo's (seed {seed})") from exc
        draw_id, drawn = exc.draw.id, False
    status = sample_status(uow(), period=period)
    assert status is not None  # drawn just above
    codes = [stove.code for stove in status.stoves if not stove.is_reserve]
    return _Drawn(year, draw_id, seed, drawn, codes)


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
