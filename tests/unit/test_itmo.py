"""The ledger's pure rules: vintage split, identifiers and the block state machine."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ledger.itmo import (
    ItmoIdentity,
    LedgerError,
    itmo_identifier,
    next_state,
    triggers_corresponding_adjustment,
)
from core.mrv.vintage import split_by_vintage

PROPS = settings(database=None, deadline=None, max_examples=200)
IDENTITY = ItmoIdentity("PE-CH-TUKIWASI", "PE-RENAMI", "PE")


@pytest.mark.parametrize(
    ("tonnes", "days", "expected"),
    [
        # 101 x 18400/36500 = 50.92, 101 x 18100/36500 = 50.08 -> floors 50 + 50, spare to 2025.
        (101, {2025: 18400, 2026: 18100}, {2025: 51, 2026: 50}),
        # 3 x 1/2 = 1.5 each: equal remainders, the spare tonne goes to the earlier vintage.
        (3, {2026: 1, 2025: 1}, {2025: 2, 2026: 1}),
        # 3 x 1000/1010 = 2.97 and 0.03 -> 3 and 0.
        (3, {2025: 1000, 2026: 10}, {2025: 3, 2026: 0}),
        (7, {2025: 365}, {2025: 7}),
        (0, {2025: 0}, {2025: 0}),
    ],
)
def test_tonnes_split_by_stove_days_with_largest_remainder(
    tonnes: int, days: dict[int, int], expected: dict[int, int]
) -> None:
    assert split_by_vintage(tonnes, days) == expected


def test_tonnes_without_stove_days_are_refused() -> None:
    with pytest.raises(ValueError, match="no stove-days"):
        split_by_vintage(5, {2025: 0, 2026: 0})


@PROPS
@given(
    tonnes=st.integers(0, 10**6),
    days=st.dictionaries(st.integers(2020, 2040), st.integers(0, 10**7), min_size=1, max_size=4),
)
def test_vintage_shares_add_up_and_stay_within_one_tonne_of_proportion(
    tonnes: int, days: dict[int, int]
) -> None:
    total = sum(days.values())
    if total == 0 and tonnes:
        return
    shares = split_by_vintage(tonnes, days)
    assert sum(shares.values()) == tonnes
    for year, share in shares.items():
        exact = tonnes * days[year] / total if total else 0
        assert exact - 1 < share < exact + 1


def test_identifier_carries_approach_registry_party_vintage_and_serial() -> None:
    assert itmo_identifier(IDENTITY, vintage=2025, serial=1041) == (
        "PE-CH-TUKIWASI-PE-RENAMI-PE-2025-1041"
    )


@pytest.mark.parametrize("bad", ["", " PE", "PE RENAMI"])
def test_identity_codes_with_spaces_or_empty_are_refused(bad: str) -> None:
    with pytest.raises(LedgerError, match="originating_registry"):
        ItmoIdentity("PE-CH-TUKIWASI", bad, "PE")


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [
        ("issued", "authorize", "authorized"),
        ("authorized", "first_transfer", "first_transferred"),
        ("first_transferred", "transfer", "transferred"),
        ("transferred", "transfer", "transferred"),
        ("authorized", "use", "used"),
        ("transferred", "use", "used"),
        ("issued", "cancel", "cancelled"),
        ("first_transferred", "cancel", "cancelled"),
    ],
)
def test_allowed_moves(state: str, action: str, after: str) -> None:
    assert next_state(state, action) == after


@pytest.mark.parametrize(
    ("state", "action", "reason"),
    [
        ("used", "cancel", "final"),
        ("cancelled", "authorize", "final"),
        ("issued", "first_transfer", "in state issued"),
        ("authorized", "transfer", "in state authorized"),
        ("issued", "use", "in state issued"),
        ("authorized", "authorize", "in state authorized"),
        ("split", "use", "split"),
        ("issued", "destroy", "unknown action"),
    ],
)
def test_refused_moves(state: str, action: str, reason: str) -> None:
    with pytest.raises(LedgerError, match=reason):
        next_state(state, action)


@pytest.mark.parametrize(
    ("state", "action", "flag"),
    [
        ("authorized", "first_transfer", True),
        ("authorized", "use", True),  # used without a transfer: the adjustment is due now
        ("transferred", "use", False),
        ("first_transferred", "transfer", False),
        ("authorized", "cancel", False),
    ],
)
def test_the_corresponding_adjustment_trigger_is_flagged(
    state: str, action: str, flag: bool
) -> None:
    assert triggers_corresponding_adjustment(state, action) is flag
