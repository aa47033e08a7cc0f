"""The ITMO ledger's pure rules: identity and identifiers, block states, and the vintage split.

An ITMO identifier is written

    {cooperative approach ID}-{originating registry}-{first transferring Party}-{vintage}-{serial}

for example `PE-CH-TUKIWASI-PE-RENAMI-PE-2025-1041`. The first three parts may themselves
contain hyphens; the last two never do: the vintage is the four-digit calendar year in
which the reduction happened and the serial is a positive integer, unpadded. A block is
shown as its first and last identifiers.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction


class LedgerError(ValueError):
    """A refused ledger operation; the message says why in one line."""


@dataclass(frozen=True)
class ItmoIdentity:
    """What every ITMO identifier carries besides vintage and serial (decision 6/CMA.4)."""

    cooperative_approach_id: str
    originating_registry: str
    first_transferring_party: str

    def __post_init__(self) -> None:
        for name in ("cooperative_approach_id", "originating_registry", "first_transferring_party"):
            value = getattr(self, name)
            if not value or value != value.strip() or any(c.isspace() for c in value):
                raise LedgerError(f"ITMO {name} must be a non-empty code without spaces: {value!r}")


def itmo_identifier(identity: ItmoIdentity, *, vintage: int, serial: int) -> str:
    """Write one ITMO's unique identifier so a registry can trace it to its origin and year."""
    return (
        f"{identity.cooperative_approach_id}-{identity.originating_registry}-"
        f"{identity.first_transferring_party}-{vintage}-{serial}"
    )


ISSUED = "issued"
AUTHORIZED = "authorized"
FIRST_TRANSFERRED = "first_transferred"
TRANSFERRED = "transferred"
USED = "used"
CANCELLED = "cancelled"
SPLIT = "split"  # a block retired by a partial move; its children hold its serials
FINAL_STATES = frozenset({USED, CANCELLED})

ISSUE = "issue"
SPLIT_ACTION = "split"
# action -> (states it may start from, state it leaves the block in)
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "authorize": (frozenset({ISSUED}), AUTHORIZED),
    "first_transfer": (frozenset({AUTHORIZED}), FIRST_TRANSFERRED),
    "transfer": (frozenset({FIRST_TRANSFERRED, TRANSFERRED}), TRANSFERRED),
    "use": (frozenset({AUTHORIZED, FIRST_TRANSFERRED, TRANSFERRED}), USED),
    "cancel": (frozenset({ISSUED, AUTHORIZED, FIRST_TRANSFERRED, TRANSFERRED}), CANCELLED),
}
# Moves that hand the units to another Party, so the acquiring Party must be named.
TRANSFERS = frozenset({"first_transfer", "transfer"})


def next_state(state: str, action: str) -> str:
    """Give the state a move leaves a block in, refusing moves the ledger does not allow."""
    if action not in MOVES:
        raise LedgerError(f"unknown action {action!r}; expected one of {', '.join(MOVES)}")
    if state in FINAL_STATES:
        raise LedgerError(f"the block is {state}, which is final: cannot {_verb(action)} it")
    if state == SPLIT:
        raise LedgerError("the block was split; move one of its parts instead")
    allowed, after = MOVES[action]
    if state not in allowed:
        raise LedgerError(
            f"cannot {_verb(action)} a block in state {state} "
            f"(allowed from: {', '.join(sorted(allowed))})"
        )
    return after


def _verb(action: str) -> str:
    return action.replace("_", "-")


def triggers_corresponding_adjustment(state_before: str, action: str) -> bool:
    """Say whether this move is the ITMO's first transfer, on which the Party adjusts its NDC.

    That is the first transfer itself, and a use straight from `authorized`: an ITMO used
    without ever being transferred leaves the Party's accounting at that moment.
    """
    return action == "first_transfer" or (action == "use" and state_before == AUTHORIZED)


def split_by_vintage(tonnes: int, days_by_year: Mapping[int, float]) -> dict[int, int]:
    """Share whole tonnes across vintages in proportion to stove-days, adding up exactly.

    Largest remainder method on exact fractions; equal remainders go to the earlier vintage.
    Stove-days may be fractional (several stoves in a household share its days); a float is
    taken at its exact binary value. Every year of `days_by_year` is a key of the result,
    possibly with 0 tonnes.
    """
    if tonnes < 0:
        raise LedgerError(f"tonnes must not be negative, got {tonnes}")
    if any(days < 0 for days in days_by_year.values()):
        raise LedgerError("stove-days per year must not be negative")
    exact = {year: Fraction(days) for year, days in days_by_year.items()}
    total_days = sum(exact.values())
    if total_days == 0:
        if tonnes:
            raise LedgerError(f"{tonnes} t to issue but no stove-days to assign them to a vintage")
        return {year: 0 for year in sorted(days_by_year)}
    quotas = {year: tonnes * days / total_days for year, days in exact.items()}
    shares = {year: math.floor(q) for year, q in quotas.items()}
    left = tonnes - sum(shares.values())
    for year in sorted(quotas, key=lambda y: (-(quotas[y] - shares[y]), y))[:left]:
        shares[year] += 1
    return {year: shares[year] for year in sorted(shares)}
