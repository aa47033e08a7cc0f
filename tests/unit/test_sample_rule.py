"""Which stoves of a drawn sample count: reserves only for stoves recorded as not found."""

from dataclasses import replace
from datetime import date

from core.mrv.parameters import Parameter, load_parameters
from core.reporting.sample_rule import SampleSlot, account_sample, sample_words
from core.reporting.verification import (
    VisitRow,
    programme_verification,
    stacking_statement,
    verified_sample,
)

PARAMS = load_parameters()


def draw(main: int, reserve: int, district: str = "Acomayo", first_id: int = 1) -> list[SampleSlot]:
    """Main stoves ranked 1..main, then reserves, ids counting from first_id in rank order."""
    return [SampleSlot(first_id + i, district, i + 1, i >= main) for i in range(main + reserve)]


def test_a_reserve_replaces_only_a_stove_recorded_as_not_found():
    slots = draw(3, 2)  # main 1, 2, 3; reserves 4, 5
    # Stove 2 not yet visited: no reserve may stand in for it, though reserve 4 was visited.
    account, counted = account_sample(slots, {1: True, 3: True, 4: True})
    assert counted == {1, 3}
    assert (account.not_visited, account.reserves_called, account.reserve_visits_ignored) == (
        1,
        0,
        1,
    )
    # Stove 2 recorded as not found: the first reserve in drawn order takes its place.
    account, counted = account_sample(slots, {1: True, 2: False, 3: True, 4: True, 5: True})
    assert counted == {1, 3, 4}
    assert (account.not_found, account.replaced, account.reserve_visits_ignored) == (1, 1, 1)
    assert sample_words(account) is None


def test_reserves_are_called_in_drawn_order_never_picked():
    slots = draw(2, 2)  # main 1, 2; reserves 3, 4
    # Stove 1 not found; reserve 3 (first in order) not visited yet, reserve 4 visited in use:
    # reserve 4 may not jump the queue.
    account, counted = account_sample(slots, {1: False, 2: True, 4: True})
    assert counted == {2}
    assert (account.reserves_called, account.not_visited, account.reserve_visits_ignored) == (
        1,
        1,
        1,
    )
    # Reserve 3 not found either: reserve 4 is called next and counts.
    account, counted = account_sample(slots, {1: False, 2: True, 3: False, 4: True})
    assert counted == {2, 4} and account.not_found == 2 and account.replaced == 1


def test_reserves_run_per_district():
    slots = draw(1, 1, "Acomayo", 1) + draw(1, 1, "Pomacanchi", 3)
    account, counted = account_sample(slots, {1: False, 2: True, 3: True, 4: True})
    assert counted == {2, 3}
    assert account.reserve_visits_ignored == 1  # Pomacanchi's reserve had no one to replace
    assert (account.drawn, account.reserve_drawn, account.visited) == (2, 2, 2)


def test_an_unfinished_sample_is_said_in_words():
    slots = draw(5, 1)
    account, _ = account_sample(slots, {1: True, 2: False, 6: False})
    words = sample_words(account)
    assert words is not None
    assert "1 of 5 drawn stoves visited" in words and "3 not yet visited" in words
    assert "2 recorded as not found, 0 of them replaced" in words
    assert "1 not found with no reserve left" in words


def visit(stove_id: int, *, found: bool = True, in_use: bool = True, day: int = 1) -> VisitRow:
    return VisitRow(
        stove_id, "Acomayo", date(2025, 6, day), stove_id * 10 + day, in_use, "good", True, found
    )


def test_a_later_not_found_visit_does_not_undo_a_found_one():
    sample = verified_sample(
        [visit(1, day=1), visit(1, found=False, in_use=False, day=5), visit(2, found=False)],
        sample=draw(2, 0),
        open_ticket_stoves=frozenset(),
    )
    assert [s.stove_id for s in sample.stoves] == [1]
    assert sample.account is not None and sample.account.not_found == 1


def test_the_report_states_the_unfinished_sample_and_credits_the_lower_bound():
    sample = verified_sample(
        [visit(1), visit(2)], sample=draw(79, 0), open_ticket_stoves=frozenset()
    )
    result = programme_verification(sample, params=PARAMS, stacking=None)
    assert result.p == 1 and not result.passes_90_10
    assert result.u_applied < 0.5
    assert result.reason is not None
    assert result.reason.startswith("the sample is unfinished: 2 of 79 drawn stoves visited")
    assert result.sample is not None and result.sample.not_visited == 77


def test_the_stacking_statement_names_the_parameter_and_the_effect():
    sample = verified_sample([visit(1)], sample=None, open_ticket_stoves=frozenset())
    plain = programme_verification(sample, params=PARAMS, stacking=0.25)
    text = stacking_statement(plain, 0.25, PARAMS)
    assert text.startswith("stacking_discount = false:") and "not applied" in text
    assert f"{plain.u_applied * 0.75:.4f}" in text
    on = replace(PARAMS, stacking_discount=Parameter("stacking_discount", True, "boolean", "t"))
    assert "multiplied by 1 - 0.2500" in stacking_statement(plain, 0.25, on)
    assert "no visit recorded" in stacking_statement(plain, None, PARAMS)
