"""/muestra, /silenciosos and /resumen: my districts only, nearest first, reserves when due."""

from datetime import date, timedelta

from core.models import (
    Household,
    Phone,
    RepairTicket,
    SampleDraw,
    SampleMember,
    Stove,
    UsageObservation,
    Visit,
)
from core.staffbot import texts as staff_texts
from tests.e2e.gateway_support import NOW
from tests.e2e.telegram_support import BotEnv

ROSA = 111
# (code, district, latitude, is_reserve); Chinchao stoves lie north to south.
SAMPLE = [("CH01", "Chinchao", -9.90, False), ("CH02", "Chinchao", -9.95, False),
          ("CH03", "Chinchao", -10.0, True), ("MO01", "Molino", -9.80, False)]


def seed(env: BotEnv) -> dict[str, int]:
    ids: dict[str, int] = {}
    with env.services.uow() as uow:
        s = uow.session
        draw = SampleDraw(period_start=date(2026, 7, 1), period_end=date(2026, 12, 31), seed=1,
                          size=3, method="fixed", drawn_at=NOW - timedelta(days=30))
        s.add(draw)
        s.flush()
        for rank, (code, district, lat, reserve) in enumerate(SAMPLE, start=1):
            home = Household(name=f"Familia {code}", district=district, community="Pillao",
                             latitude=lat, longitude=-76.2, created_at=NOW - timedelta(days=400))
            s.add(home)
            s.flush()
            stove = Stove(code=code, household_id=home.id, installed_on=date(2025, 3, 1))
            s.add(stove)
            s.add(Phone(number=f"+5198765432{rank}", household_id=home.id))
            s.flush()
            ids[code] = stove.id
            s.add(SampleMember(draw_id=draw.id, stove_id=stove.id, district=district, rank=rank,
                               is_reserve=reserve))
        uow.commit()
    return ids


def test_sample_lists_my_unvisited_stoves_nearest_first_and_reserves_only_for_not_found(
    bot_env: BotEnv,
):
    ids = seed(bot_env)
    bot_env.enrol(ROSA, districts=("Chinchao",))
    bot_env.say(ROSA, "/muestra")
    listing = bot_env.last(ROSA)
    assert "CH01" in listing and "CH02" in listing
    assert "CH03" not in listing and "MO01" not in listing
    bot_env.post(bot_env.message(ROSA, location={"latitude": -9.96, "longitude": -76.2}))
    nearest = bot_env.last(ROSA).splitlines()
    assert nearest[1].startswith("CH02") and nearest[2].startswith("CH01")
    with bot_env.services.uow() as uow:  # CH01 visited but not found: its reserve is due
        uow.session.add(Visit(stove_id=ids["CH01"], visited_on=date(2026, 11, 20), found=False,
                              not_found_reason="se mudaron", in_use=False, condition="good"))
        uow.commit()
    bot_env.say(ROSA, "/muestra")
    lines = bot_env.last(ROSA).splitlines()
    assert [line.split(" ")[0] for line in lines[1:3]] == ["CH02", "CH03"]
    assert "(reserva)" in lines[2]


def test_silent_households_and_the_summary_of_my_districts(bot_env: BotEnv):
    ids = seed(bot_env)
    bot_env.enrol(ROSA, districts=("Chinchao",))
    with bot_env.services.uow() as uow:
        uow.session.add(UsageObservation(stove_id=ids["CH01"], week="2026-W47", days_used=5,
                                         reported_at=NOW))
        uow.session.add(UsageObservation(stove_id=ids["CH02"], week="2026-W40", days_used=0,
                                         reported_at=NOW - timedelta(weeks=8)))
        home = uow.session.get(Stove, ids["CH03"]).household_id
        uow.session.add(RepairTicket(stove_id=ids["CH03"], household_id=home, description="x",
                                     opened_at=NOW))
        uow.commit()
    bot_env.say(ROSA, "/silenciosos")
    silent = bot_env.last(ROSA).splitlines()
    assert silent[0] == staff_texts.SILENT_HEADER.format(weeks=6, count=2)  # SILENT_AFTER_WEEKS
    assert silent[1].startswith("CH03") and "último: nunca" in silent[1]
    assert silent[2].startswith("CH02") and "2026-10-02" in silent[2] and "+51987654322" not in \
        silent[2]
    bot_env.say(ROSA, "/silenciosos 10")
    assert bot_env.last(ROSA).splitlines()[0].endswith("(1):")
    bot_env.say(ROSA, "/silenciosos muchas")
    assert bot_env.last(ROSA) == staff_texts.SILENT_USAGE
    bot_env.say(ROSA, "/resumen")
    summary = bot_env.last(ROSA)
    assert summary.startswith("Resumen semana 2026-W48")
    assert "Reclamos abiertos: 1" in summary and "Muestra visitada: 0 de 2" in summary
