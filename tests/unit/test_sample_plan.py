"""Planning a stratified sample without the database: sizes, allocation and reproducibility."""

import random

import pytest

from core.monitoring.sampling import PlannedMember, SampleRefused, plan_sample, sample_sizes
from core.mrv import calc
from core.mrv.parameters import load_parameters


def population(**sizes: int) -> dict[str, list[tuple[str, int]]]:
    """Districts of stoves coded D-001.., with ids unique across districts."""
    result: dict[str, list[tuple[str, int]]] = {}
    next_id = 1
    for district, size in sizes.items():
        result[district] = []
        for i in range(size):
            result[district].append((f"{district[:3].upper()}{i:03d}", next_id))
            next_id += 1
    return result


def test_auto_size_is_the_90_10_size_plus_the_reserve_share() -> None:
    params = load_parameters()
    main, reserve = sample_sizes(params, None)
    # Defaults p=0.8, 90 % confidence, 10 % precision: 86 stoves; +10 % reserve = ceil(94.6) = 95.
    assert main == calc.sample_size_for(expected_p=0.8, confidence=0.9, target_precision=0.1)
    assert (main, reserve) == (86, 9)


def test_a_fixed_size_has_no_reserve_and_must_be_positive() -> None:
    params = load_parameters()
    assert sample_sizes(params, 30) == (30, 0)
    with pytest.raises(SampleRefused):
        sample_sizes(params, 0)


def test_main_and_reserve_are_allocated_in_proportion_to_district_sizes() -> None:
    members = plan_sample(population(Anta=60, Limatambo=30, Zurite=10), main=71, reserve=8, seed=1)
    # Main 71 over 60/30/10: quotas 42.6, 21.3, 7.1 -> 42, 21, 7 and the spare one to Anta
    # (largest remainder .6). Left: 17, 9, 3; reserve 8: quotas 4.69, 2.48, 0.83 -> 4, 2, 0
    # and the two spares to Zurite (.83) and Anta (.69).
    counts = {
        (d, r): sum(1 for m in members if m.district == d and m.is_reserve == r)
        for d in ("Anta", "Limatambo", "Zurite")
        for r in (False, True)
    }
    assert counts == {
        ("Anta", False): 43, ("Anta", True): 5,
        ("Limatambo", False): 21, ("Limatambo", True): 2,
        ("Zurite", False): 7, ("Zurite", True): 1,
    }  # fmt: skip


def test_reserves_rank_after_the_main_stoves_of_their_district() -> None:
    members = plan_sample(population(Anta=20, Zurite=10), main=9, reserve=3, seed=5)
    for district in ("Anta", "Zurite"):
        mine = [m for m in members if m.district == district]
        assert [m.rank for m in mine] == list(range(1, len(mine) + 1))
        flags = [m.is_reserve for m in mine]
        assert flags == sorted(flags)  # all False first, then all True
        assert any(flags)


def test_the_same_seed_gives_the_same_sample_and_a_stated_algorithm_reproduces_it() -> None:
    pop = population(Anta=12, Zurite=5)
    first = plan_sample(pop, main=6, reserve=2, seed=2024)
    assert first == plan_sample(pop, main=6, reserve=2, seed=2024)
    assert first != plan_sample(pop, main=6, reserve=2, seed=2025)
    # Anyone can redraw it from the documented recipe: districts in name order, stoves
    # sorted by code, one random.Random(seed) shuffling each district in turn.
    rng = random.Random(2024)
    expected: list[PlannedMember] = []
    for district, main, reserve in (("Anta", 4, 1), ("Zurite", 2, 1)):
        order = sorted(pop[district])
        rng.shuffle(order)
        for rank, (_code, stove_id) in enumerate(order[: main + reserve], start=1):
            expected.append(PlannedMember(stove_id, district, rank, rank > main))
    assert first == expected


def test_input_order_does_not_change_the_sample() -> None:
    pop = population(Anta=12, Zurite=5)
    shuffled = {d: list(reversed(stoves)) for d, stoves in reversed(list(pop.items()))}
    assert plan_sample(pop, main=6, reserve=2, seed=9) == plan_sample(
        shuffled, main=6, reserve=2, seed=9
    )


def test_no_stove_is_drawn_twice() -> None:
    members = plan_sample(population(Anta=50, Zurite=50), main=90, reserve=10, seed=3)
    assert len({m.stove_id for m in members}) == len(members) == 100
