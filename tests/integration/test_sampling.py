"""Drawing the verification sample on both backends: strata, seeds, refusals and replacement."""

from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import pytest
from sqlmodel import Session, col, select

import core.monitoring.sampling as sampling
from core.models import Household, SampleDraw, SampleMember, Stove, Visit
from core.monitoring.sample_status import sample_status
from core.monitoring.sampling import (
    MAX_SEED,
    SampleInForce,
    SampleRefused,
    draw_sample,
    sample_slots,
)
from core.mrv import calc
from core.mrv.parameters import Parameter, load_parameters
from gateway.wiring import Services

NOW = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
LATER = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
START, END = date(2025, 1, 1), date(2025, 12, 31)
# An expected usage of 0.84 needs 71 stoves for 90/10 under the Wilson interval.
PARAMS = replace(
    load_parameters(), expected_usage_rate=Parameter("expected_usage_rate", 0.84, "fraction", "t")
)


def add_stove(
    session: Session,
    code: str,
    district: str,
    installed_on: date = date(2024, 6, 1),
    decommissioned_on: date | None = None,
) -> int:
    household = Household(name=f"Familia {code}", district=district, community="Centro")
    session.add(household)
    session.flush()
    assert household.id is not None
    stove = Stove(
        code=code,
        household_id=household.id,
        installed_on=installed_on,
        decommissioned_on=decommissioned_on,
    )
    session.add(stove)
    session.flush()
    assert stove.id is not None
    return stove.id


@pytest.fixture
def programme(services: Services) -> dict[str, set[int]]:
    """100 active stoves (Anta 60, Limatambo 30, Zurite 10) and 4 that are not active in 2025."""
    active: set[int] = set()
    with services.uow() as uow:
        add = partial(add_stove, uow.session)
        for district, n in (("Anta", 60), ("Limatambo", 30), ("Zurite", 10)):
            for i in range(n):
                active.add(add(f"{district[:3].upper()}{i:03d}", district))
        inactive = {
            add("OLD001", "Anta", decommissioned_on=date(2025, 1, 1)),  # 0 days in 2025
            add("NEW001", "Anta", installed_on=date(2026, 1, 2)),  # after the period
            add("LIFE01", "Zurite", installed_on=date(2019, 6, 1)),  # 5-year life ended 2024
            add("GONE01", "Zurite", installed_on=date(2023, 1, 1),
                decommissioned_on=date(2024, 12, 31)),
        }  # fmt: skip
        uow.commit()
    return {"active": active, "inactive": inactive}


def members(services: Services, draw_id: int) -> list[tuple[int, str, int, bool]]:
    with services.uow() as uow:
        rows = uow.session.exec(
            select(SampleMember)
            .where(SampleMember.draw_id == draw_id)
            .order_by(col(SampleMember.district), col(SampleMember.rank))
        ).all()
        return [(m.stove_id, m.district, m.rank, m.is_reserve) for m in rows]


def draws(services: Services) -> list[SampleDraw]:
    with services.uow() as uow:
        return list(uow.session.exec(select(SampleDraw).order_by(col(SampleDraw.id))))


def draw(services: Services, **kwargs: Any) -> sampling.DrawResult:
    kwargs.setdefault("now", NOW)
    return draw_sample(
        services.uow(), period_start=START, period_end=END, parameters=PARAMS, **kwargs
    )


def test_auto_sample_is_the_90_10_size_plus_reserve_stratified_by_district(
    services: Services, programme: dict[str, set[int]]
) -> None:
    result = draw(services, seed=11, drawn_by="coordinadora")
    main = calc.sample_size_for(expected_p=0.84, confidence=0.9, target_precision=0.1)
    total = calc.sample_size_for(expected_p=0.84, confidence=0.9, target_precision=0.1, reserve=0.1)
    assert (main, total) == (71, 79)  # p 0.84, 90/10, 10 % reserve: ceil(71 * 1.1)
    assert (result.main, result.reserve, result.population) == (71, 8, 100)
    # Main: quotas 42.6/21.3/7.1 -> 43/21/7; reserve over the 17/9/3 left: 5/2/1.
    assert result.by_district == {
        "Anta": (60, 43, 5),
        "Limatambo": (30, 21, 2),
        "Zurite": (10, 7, 1),
    }
    (stored,) = draws(services)
    assert (stored.size, stored.method, stored.seed, stored.drawn_by) == (
        79, "auto", 11, "coordinadora",
    )  # fmt: skip
    assert stored.expected_usage_rate == 0.84 and stored.drawn_at == NOW
    chosen = members(services, result.draw_id)
    assert len(chosen) == 79 and {m[0] for m in chosen} <= programme["active"]
    anta = [m for m in chosen if m[1] == "Anta"]
    assert [m[2] for m in anta] == list(range(1, 49))
    assert [m[3] for m in anta] == [False] * 43 + [True] * 5  # reserves ranked last


def test_the_same_seed_and_stove_table_give_the_same_sample(
    services: Services, programme: dict[str, set[int]]
) -> None:
    first = draw(services, seed=MAX_SEED - 12_345)  # a wide seed, near the column limit
    second = draw(services, seed=first.seed, replace=True, now=LATER)
    assert members(services, first.draw_id) == members(services, second.draw_id)
    third = draw(services, seed=first.seed + 1, replace=True, now=LATER)
    assert members(services, third.draw_id) != members(services, first.draw_id)


def test_the_default_seed_is_random_stored_and_redraws_the_sample(
    services: Services, programme: dict[str, set[int]]
) -> None:
    first = draw(services)
    (stored,) = draws(services)
    assert stored.seed == first.seed and 0 <= first.seed <= MAX_SEED
    again = draw(services, seed=stored.seed, replace=True, now=LATER)
    assert members(services, again.draw_id) == members(services, first.draw_id)


def test_a_second_draw_for_the_period_is_refused_without_replace(
    services: Services, programme: dict[str, set[int]]
) -> None:
    first = draw(services, seed=1)
    with pytest.raises(SampleInForce, match=r"already in force for 2025-01-01\.\.2025-12-31"):
        draw(services, seed=2, now=LATER)
    assert [d.id for d in draws(services)] == [first.draw_id]


def test_replace_keeps_the_first_draw_on_record_as_replaced(
    services: Services, programme: dict[str, set[int]]
) -> None:
    first = draw(services, seed=1)
    second = draw(services, seed=2, size=10, replace=True, now=LATER)
    assert second.replaced_id == first.draw_id
    old, new = draws(services)
    assert (old.replaced_at, old.replaced_by_id) == (LATER, new.id)
    assert new.replaced_at is None and new.method == "fixed" and new.size == 10
    assert len(members(services, first.draw_id)) == 79  # its members are kept too
    in_force = {m[0] for m in members(services, second.draw_id)}
    with services.uow() as uow:
        assert {s.stove_id for s in sample_slots(uow.session, START, END) or ()} == in_force


def test_a_draw_that_loses_a_race_is_refused_and_leaves_one_in_force(
    services: Services, programme: dict[str, set[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two coordinators draw at once: the second insert meets the partial unique index."""
    draw(services, seed=1)
    monkeypatch.setattr(sampling, "draw_in_force", lambda *args, **kwargs: None)
    with pytest.raises(SampleRefused, match="drawn at the same time"):
        draw(services, seed=2, now=LATER)
    assert [d.replaced_at for d in draws(services)] == [None]


def test_inactive_and_decommissioned_stoves_are_never_drawn(
    services: Services, programme: dict[str, set[int]]
) -> None:
    result = draw(services, seed=5, size=500)
    assert result.whole_population and (result.requested, result.population) == (500, 100)
    chosen = {m[0] for m in members(services, result.draw_id)}
    assert chosen == programme["active"]
    assert not chosen & programme["inactive"]


def test_a_period_without_active_stoves_is_refused(
    services: Services, programme: dict[str, set[int]]
) -> None:
    # The oldest stove (LIFE01) was installed on 1 June 2019.
    with pytest.raises(SampleRefused, match="no stove is active between 2018-01-01"):
        draw_sample(
            services.uow(),
            period_start=date(2018, 1, 1),
            period_end=date(2019, 5, 31),
            parameters=PARAMS,
            now=NOW,
        )
    assert draws(services) == []


@pytest.mark.parametrize("seed", [-1, MAX_SEED + 1])
def test_seeds_outside_the_stored_range_are_refused(
    services: Services, programme: dict[str, set[int]], seed: int
) -> None:
    with pytest.raises(SampleRefused, match="seed must be an integer from 0"):
        draw(services, seed=seed)


def test_the_largest_seed_is_stored_and_read_back_exactly(
    services: Services, programme: dict[str, set[int]]
) -> None:
    draw(services, seed=MAX_SEED, size=3)
    assert draws(services)[0].seed == MAX_SEED


def test_sample_slots_is_none_without_a_draw_for_exactly_that_period(
    services: Services, programme: dict[str, set[int]]
) -> None:
    with services.uow() as uow:
        assert sample_slots(uow.session, START, END) is None
    result = draw(services, seed=3)
    with services.uow() as uow:
        slots = sample_slots(uow.session, START, END)
        assert slots is not None and len(slots) == 79  # main and reserve stoves both count
        assert sum(s.is_reserve for s in slots) == 8
        assert sample_slots(uow.session, START, date(2025, 6, 30)) is None
    assert {s.stove_id for s in slots} == {m[0] for m in members(services, result.draw_id)}


def test_status_counts_visits_in_the_period_by_district(
    services: Services, programme: dict[str, set[int]]
) -> None:
    result = draw(services, seed=9, size=10)
    # Size 10 over 60/30/10: Anta 6, Limatambo 3, Zurite 1.
    chosen = members(services, result.draw_id)
    zurite = next(m[0] for m in chosen if m[1] == "Zurite")
    anta = [m[0] for m in chosen if m[1] == "Anta"][:2]
    with services.uow() as uow:
        for stove_id, day in (
            (zurite, date(2025, 5, 1)),
            (zurite, date(2025, 8, 1)),  # the latest in the period is shown
            (anta[0], date(2025, 3, 3)),
            (anta[1], date(2026, 1, 5)),  # after the period: not counted
        ):
            uow.session.add(Visit(stove_id=stove_id, visited_on=day, in_use=True, condition="good"))
        uow.commit()
    status = sample_status(services.uow())
    assert status is not None and status.draw_id == result.draw_id
    progress = {d.district: (d.main, d.reserve, d.visited, d.remaining) for d in status.districts}
    assert progress == {"Anta": (6, 0, 1, 5), "Limatambo": (3, 0, 0, 3), "Zurite": (1, 0, 1, 0)}
    shown = {s.code: s.visited_on for s in status.stoves}
    zurite_code = next(s.code for s in status.stoves if s.district == "Zurite")
    assert shown[zurite_code] == date(2025, 8, 1)
    assert sum(1 for day in shown.values() if day is not None) == 2
    assert sample_status(services.uow(), period=(START, date(2025, 6, 30))) is None
