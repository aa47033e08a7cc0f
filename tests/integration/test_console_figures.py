"""The console's figures on real SQLite and PostgreSQL: the overview, districts, technicians."""

import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from console_support import DISTRICT_A, DISTRICT_B, NOW, TZ, Seeded, seed_console  # noqa: E402

from core.console.districts import district_rows  # noqa: E402
from core.console.overview import Targets, overview, why_not_more  # noqa: E402
from core.console.technicians import fieldwork  # noqa: E402
from core.models import Stove, Visit  # noqa: E402
from core.monitoring.sampling import draw_sample  # noqa: E402
from core.periods import local_date  # noqa: E402
from core.prompts.audience import silent_addressees  # noqa: E402
from core.staffbot.members import invite_staff  # noqa: E402
from gateway.wiring import Services  # noqa: E402

TODAY = local_date(NOW, TZ)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "districts_synthetic.geojson"
YEAR = (date(2026, 1, 1), TODAY)
TARGETS = Targets(response=0.6, use=0.8)


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_console(services)


def test_the_week_is_set_against_the_last_with_its_goals_red_below(
    services: Services, seeded: Seeded,
) -> None:
    view = overview(services.uow(), scope=(DISTRICT_A,), period=YEAR,
                    parameters=services.parameters(), tz=TZ, now=NOW, targets=TARGETS)
    reports, rate, use = view.goals
    assert view.weeks == ("2026-W48", "2026-W47")
    assert (reports.this_week, reports.last_week, reports.goal) == (2, 3, 2)  # ceil(0.6 × 3)
    assert rate.this_week == pytest.approx(2 / 3) and not rate.below
    assert use.this_week == pytest.approx(1 / 2) and use.below  # one of two answers said 0
    assert [d.district for d in view.mine] == [DISTRICT_A]
    everyone = overview(services.uow(), scope=None, period=YEAR,
                        parameters=services.parameters(), tz=TZ, now=NOW, targets=TARGETS)
    assert everyone.goals[0].this_week == 4 and everyone.mine == ()


def test_why_not_more_says_the_tonnes_the_lower_bound_costs_and_the_stoves_missing(
    services: Services, seeded: Seeded,
) -> None:
    report = overview(services.uow(), scope=None, period=YEAR,
                      parameters=services.parameters(), tz=TZ, now=NOW, targets=TARGETS).report
    short = replace(report, er_tco2e=112.4, er_issuable_tco2e=112, correction_tco2e=0.0,
                    verification=replace(report.verification, n=86, n_needed_90_10=89,
                                         p=0.9, lower_bound=0.8, passes_90_10=False))
    why = why_not_more(short, (("Chinchao", 3),))
    assert why.er_at_p == pytest.approx(126.45)
    assert (why.issuable_at_p, why.tonnes_forgone, why.stoves_needed) == (126, 14, 3)
    enough = replace(short, verification=replace(short.verification, passes_90_10=True))
    assert (why_not_more(enough, ()).tonnes_forgone, why_not_more(enough, ()).stoves_needed) == (
        0, 0)


def test_each_district_has_its_rates_tickets_and_the_one_count_of_silent_households(
    services: Services, seeded: Seeded,
) -> None:
    with services.uow() as uow:  # one Amarilis stove went quiet long ago
        stove = uow.session.get(Stove, 6)
        assert stove is not None
        stove.installed_on = date(2025, 1, 6)
        uow.session.add(stove)
        uow.commit()
    later = NOW + timedelta(weeks=7)
    rows = district_rows(services.uow(), scope=None, period=(YEAR[0], local_date(later, TZ)),
                         parameters=services.parameters(), tz=TZ, now=later,
                         silent_after=timedelta(weeks=6), target=0.6)
    with services.uow() as uow:
        silent = silent_addressees(uow.session, now=later, today=local_date(later, TZ),
                                   silent_after=timedelta(weeks=6))
    by_name = {r.district: r for r in rows}
    assert set(by_name) == {DISTRICT_A, DISTRICT_B}
    assert sum(r.silent for r in rows) == len(silent)
    assert all(r.open_tickets == 1 for r in rows)
    assert all(r.below_target for r in rows)  # nobody reported in the seventh week after
    now_rows = district_rows(services.uow(), scope=(DISTRICT_B,), period=YEAR,
                             parameters=services.parameters(), tz=TZ, now=NOW,
                             silent_after=timedelta(weeks=6), target=0.6)
    (amarilis,) = now_rows
    assert amarilis.trend[-2:] == (1.0, pytest.approx(2 / 3)) and not amarilis.below_target
    assert amarilis.stoves == 3 and amarilis.share_using == pytest.approx(4 / 5)


def test_technicians_get_their_visits_and_unknown_surveyors_stay_unmatched(
    services: Services, seeded: Seeded,
) -> None:
    invite_staff(services.uow(), role="technician", districts=[DISTRICT_A], name="Pedro Tec",
                 now=NOW)
    draw_sample(services.uow(), period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                parameters=services.parameters(), now=NOW, size=6, seed=7)
    with services.uow() as uow:
        for stove_id, surveyor, found in ((1, " pedro  TEC", True), (2, "Pedro Tec", False),
                                          (3, "Juana X", True)):
            uow.session.add(Visit(stove_id=stove_id, visited_on=date(2026, 11, 2), found=found,
                                  in_use=found, condition="good", surveyor=surveyor,
                                  recorded_at=NOW))
        uow.commit()
    work = fieldwork(services.uow(), scope=(DISTRICT_A,))
    (pedro,) = work.rows
    assert (pedro.name, pedro.done, pedro.not_found) == ("Pedro Tec", 1, 1)
    assert pedro.drawn == 3
    assert work.unmatched == (("Juana X", 1),)
    assert fieldwork(services.uow(), scope=(DISTRICT_B,)).rows == ()


def test_a_past_period_sets_its_own_last_weeks_against_each_other(
    services: Services, seeded: Seeded,
) -> None:
    for end in (date(2026, 11, 22), date(2026, 11, 25)):  # a Sunday; a Wednesday after it
        view = overview(services.uow(), scope=None, period=(date(2026, 1, 1), end),
                        parameters=services.parameters(), tz=TZ,
                        now=NOW + timedelta(weeks=30), targets=TARGETS)
        assert view.weeks == ("2026-W47", "2026-W46")
        assert view.goals[0].this_week == 6


def test_the_map_places_points_inside_its_box_and_tiles_only_when_a_url_is_set(
    services: Services, seeded: Seeded,
) -> None:
    from core.console.geo import map_view

    bare = map_view(services.uow(), scope=None, today=TODAY)
    assert len(bare.points) == 5 and bare.tiles == ()
    assert all(0 < p.x < 1 and 0 < p.y < 1 for p in bare.points)
    assert bare.districts == ((DISTRICT_B, False), (DISTRICT_A, False)) and bare.outlines == ()
    tiled = map_view(services.uow(), scope=(DISTRICT_A,), today=TODAY,
                     tile_url="https://tiles.example/{z}/{x}/{y}.png")
    assert len(tiled.points) == 3 and tiled.tiles
    for point in tiled.points:  # every point lies on a tile (square: 10:7 of the box's height)
        assert any(x <= point.x <= x + size and y <= point.y <= y + size * 10 / 7
                   for _, x, y, size in tiled.tiles)
    assert all(url.startswith("https://tiles.example/") for url, *_ in tiled.tiles)


def test_the_map_outlines_districts_of_the_operators_file_filled_by_this_weeks_rate(
    services: Services, seeded: Seeded,
) -> None:
    from core.console.boundary_file import load_district_file
    from core.console.geo import map_view

    boundaries = load_district_file(str(FIXTURE)).boundaries  # invented squares
    view = map_view(services.uow(), scope=None, today=TODAY, boundaries=boundaries,
                    target=0.6)
    assert view.districts == ((DISTRICT_B, True), (DISTRICT_A, True))
    outlines = {o.district: o for o in view.outlines}
    assert outlines[DISTRICT_B].ubigeo == "990102"  # its stoves' province, not the other one
    assert outlines[DISTRICT_A].response_rate == pytest.approx(2 / 3)  # 2 of 3 answered
    assert {o.colour for o in view.outlines} == {"#1d8a2a"}  # at or over 60 %
    assert all(0 <= x <= 1 and 0 <= y <= 1 for o in view.outlines
               for ring in o.rings for x, y in ring)
    strict = map_view(services.uow(), scope=(DISTRICT_A,), today=TODAY, boundaries=boundaries,
                      target=0.8)
    assert [(o.district, o.colour) for o in strict.outlines] == [(DISTRICT_A, "#b00020")]

