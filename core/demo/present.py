"""Where the demo programme sits in time: dated from today, so every view shows a living one.

The demo's full year is the last calendar year before the day it was first loaded (kept
afterwards: the demo's own sample of that year says which), its sample visited in the
autumn. Its SMS are the answers to the prompts of the 52 weeks before this one, so loading
it again a week later adds that week. The current year has its sample drawn and partly
visited, and in the last weeks a few households report a broken stove (open tickets) or
write what the parser cannot read (the review inbox).
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from core.demo.programme import SEED, DemoSms, DemoStove, visit_rows
from core.models import SampleDraw

DRAWN_BY = "qoncha demo"  # the demo's samples are recognised by it
SMS_WEEKS = 52
VISITED_SHARE = 0.7  # of the current year's main sample, visited by the year's end
PROBLEMS = (
    "falla la chimenea se rajo",
    "FALLA no jala el humo",
    "malograda la puerta de la cocina",
    "problema la plancha esta rota",
)
UNREADABLE = (
    "pfff no se que poner",
    "cuando viene el ingeniero",
    "la senora no esta vuelve el lunes",
    "quiero otra cocina para mi hija",
    "hola buenas tardes donde recojo el premio",
)
_LIMA = timedelta(hours=-5)  # Peru keeps no daylight saving time


def demo_year(session: Session, today: date) -> int:
    """The demo's full year: that of its first sample when loaded before, else last year."""
    first = session.exec(
        select(SampleDraw)
        .where(SampleDraw.drawn_by == DRAWN_BY)
        .order_by(col(SampleDraw.period_start))
    ).first()
    return first.period_start.year if first is not None else today.year - 1


def sample_seed(year: int) -> int:
    """The seed of the demo's sample of a year (20250101 for 2025), as the README draws it."""
    return int(f"{year}0101")


def sms_mondays(today: date) -> list[date]:
    """The Mondays of the 52 weeks before today's, oldest first: the weeks with answers."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=k) for k in range(SMS_WEEKS, 0, -1)]


def recent_sms(programme: list[DemoStove], today: date, seed: int = SEED) -> list[DemoSms]:
    """Stove problems and unreadable texts of the last three weeks, from a few households.

    Their ids do not name a day, so loading the demo again later adds none.
    """
    rng = random.Random(f"{seed}:recent")
    settled = [s for s in programme if s.phone and s.installed_on < today - timedelta(days=90)]
    texts = PROBLEMS + UNREADABLE
    out = []
    for n, (stove, text) in enumerate(zip(rng.sample(settled, len(texts)), texts, strict=True)):
        day = today - timedelta(days=2 + (n * 5) % 19)
        at = datetime.combine(day, time(12), UTC) - _LIMA + timedelta(minutes=rng.randrange(360))
        out.append(DemoSms(f"demo-recent-{n + 1}", stove.phone, text, at))
    return sorted(out, key=lambda sms: (sms.received_at, sms.provider_id))


def visits_so_far(
    programme: list[DemoStove], codes: list[str], today: date, seed: int = SEED
) -> list[dict[str, str]]:
    """The current year's visits before today: part of its main sample, each on a fixed day.

    Each stove of the first VISITED_SHARE of the sample (in a stable order) has its day in
    the year; those whose day has come are visited, so the sample fills as the year goes.
    """
    order = sorted(codes)
    random.Random(f"{seed}:{today.year}:order").shuffle(order)
    first = date(today.year, 1, 1)
    dated = {
        code: first + timedelta(days=random.Random(f"{seed}:{code}:{today.year}").randrange(365))
        for code in order[: round(len(order) * VISITED_SHARE)]
    }
    return visit_rows(programme, {c: d for c, d in dated.items() if d < today}, seed)
