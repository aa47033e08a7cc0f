"""Vintages: whole tonnes shared across the calendar years in which the reductions happened.

The ledger issues its blocks by this split and the buyer's report states reductions per year
by it, so both read it here.
"""

import math
from collections.abc import Mapping
from fractions import Fraction


def split_by_vintage(tonnes: int, days_by_year: Mapping[int, float]) -> dict[int, int]:
    """Share whole tonnes across vintages in proportion to stove-days, adding up exactly.

    Largest remainder method on exact fractions; equal remainders go to the earlier vintage.
    Stove-days may be fractional (several stoves in a household share its days); a float is
    taken at its exact binary value. Every year of `days_by_year` is a key of the result,
    possibly with 0 tonnes.
    """
    if tonnes < 0:
        raise ValueError(f"tonnes must not be negative, got {tonnes}")
    if any(days < 0 for days in days_by_year.values()):
        raise ValueError("stove-days per year must not be negative")
    exact = {year: Fraction(days) for year, days in days_by_year.items()}
    total_days = sum(exact.values())
    if total_days == 0:
        if tonnes:
            raise ValueError(f"{tonnes} t to issue but no stove-days to assign them to a vintage")
        return {year: 0 for year in sorted(days_by_year)}
    quotas = {year: tonnes * days / total_days for year, days in exact.items()}
    shares = {year: math.floor(q) for year, q in quotas.items()}
    left = tonnes - sum(shares.values())
    for year in sorted(quotas, key=lambda y: (-(quotas[y] - shares[y]), y))[:left]:
        shares[year] += 1
    return {year: shares[year] for year in sorted(shares)}
