"""Which stoves of a drawn sample count for U: main stoves, and reserves only for not-found ones.

A reserve replaces a stove recorded as not found, never one merely not yet visited, and
reserves are called in the order they were drawn within their district. A verifier can so
rule out cherry-picking: a reserve visited without a not-found stove to replace is ignored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.reporting.model import SampleAccount
from core.reporting.wording.english import say


@dataclass(frozen=True)
class SampleSlot:
    """A stove drawn into the period's sample, with its place in the draw."""

    stove_id: int
    district: str
    rank: int
    is_reserve: bool


def account_sample(
    slots: Iterable[SampleSlot], found: Mapping[int, bool]
) -> tuple[SampleAccount, frozenset[int]]:
    """Walk each district's draw in order; give the account and the stoves that count.

    `found` maps a stove to True when a visit in the period found it, False when visits
    recorded it only as not found; stoves without a visit are absent.
    """
    by_district: dict[str, list[SampleSlot]] = {}
    for slot in slots:
        by_district.setdefault(slot.district, []).append(slot)
    counted: set[int] = set()
    tally = dict.fromkeys(
        ("drawn", "reserve_drawn", "not_found", "replaced", "reserves_called", "not_visited"), 0
    )
    unreplaced = ignored = 0
    for district in sorted(by_district):
        ordered = sorted(by_district[district], key=lambda s: s.rank)
        owed = 0
        for slot in ordered:
            state = found.get(slot.stove_id)
            if slot.is_reserve:
                tally["reserve_drawn"] += 1
                if owed == 0:
                    ignored += state is not None
                    continue
                owed -= 1
                tally["reserves_called"] += 1
            else:
                tally["drawn"] += 1
            if state is True:
                counted.add(slot.stove_id)
                tally["replaced"] += slot.is_reserve
            elif state is False:
                tally["not_found"] += 1
                owed += 1
            else:
                tally["not_visited"] += 1
        unreplaced += owed
    account = SampleAccount(
        visited=len(counted),
        not_found_unreplaced=unreplaced,
        reserve_visits_ignored=ignored,
        **tally,
    )
    return account, frozenset(counted)


def sample_words(account: SampleAccount) -> str | None:
    """Say in a verifier's words what is missing from the sample, or None when it is complete."""
    if account.not_visited == 0 and account.not_found_unreplaced == 0:
        return None
    parts = [say("sample.unfinished", visited=account.visited, drawn=account.drawn)]
    if account.not_visited:
        parts.append(say("sample.not_visited", n=account.not_visited))
    if account.not_found:
        parts.append(say("sample.not_found", n=account.not_found, replaced=account.replaced))
    if account.not_found_unreplaced:
        parts.append(say("sample.unreplaced", n=account.not_found_unreplaced))
    return ", ".join(parts)
