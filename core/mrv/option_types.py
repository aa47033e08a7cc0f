"""What the methodology options of a parameters file hold, once checked (see options.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.mrv.parameters import Parameter

EFFICIENCY_RATIO = "CDM AMS-II.G"
KPT = "CDM AMS-II.G (KPT)"
GOLD_STANDARD = "GS TPDDTEC v4"
METHODOLOGIES = (EFFICIENCY_RATIO, KPT, GOLD_STANDARD)
# The keys of the parameters file options.py checks; parameters.py leaves them to it.
OPTION_KEYS = (
    "b_old_t_per_year", "eta_new_by_model", "efficiency_decline", "fnrb_periods",
    "ef_co2_tco2_per_tj", "ef_nonco2_tco2e_per_tj", "charcoal", "kpt", "cohorts", "sensitivity",
)  # fmt: skip
REQUIRED = {
    EFFICIENCY_RATIO: (),
    KPT: ("kpt",),
    GOLD_STANDARD: ("ef_co2_tco2_per_tj", "ef_nonco2_tco2e_per_tj"),
}
SENSITIVITY_NAMES = ("ef_tco2_per_tj", "ef_co2_tco2_per_tj", "fnrb", "eta_new", "eta_old")


@dataclass(frozen=True)
class EtaNewEntry:
    """The tested efficiency of one stove model for the stoves installed in a span of years."""

    model: str
    installed_from: int
    installed_to: int | None
    value: float
    unit: str
    source: str

    def applies(self, model: str, cohort: int) -> bool:
        """Whether a stove of this model installed in this year takes this efficiency."""
        top = self.installed_to if self.installed_to is not None else cohort
        return model == self.model and self.installed_from <= cohort <= top


@dataclass(frozen=True)
class FnrbPeriod:
    """An fNRB value valid between two days, both inclusive."""

    valid_from: date
    valid_to: date
    value: float
    unit: str
    source: str


@dataclass(frozen=True)
class Charcoal:
    """How a kilogram of charcoal counts, as kg of wood with the same emissions.

    `wood_equivalent`: ICVCM's 4 kg of wood per kg of charcoal. `direct_ef`: the
    charcoal's own NCV x EF over the wood's, so that emissions are counted directly.
    """

    mode: str
    wood_per_charcoal: float | None
    ncv_tj_per_t: float | None
    ef_tco2_per_tj: float | None
    source: str


# The KPT evidence limits of mrv.md ("KPT evidence") and their defaults; a value other than
# its default needs `limits_source` in the [kpt] table.
KPT_LIMITS: dict[str, int | float] = {
    "min_households": 30,
    "min_days": 3,
    "max_kg_per_day": 100.0,
    "max_baseline_age_years": 5,
    "max_project_age_years": 2,
}


@dataclass(frozen=True)
class KptOptions:
    """Which KPT campaigns give baseline and project consumption, and how they are bounded."""

    baseline_campaign: str
    project_campaign: str
    max_baseline_age_years: int
    cap_kg_per_capita_year: float | None
    source: str
    min_households: int = 30
    min_days: int = 3
    max_kg_per_day: float = 100.0
    max_project_age_years: int = 2
    limits_source: str | None = None


@dataclass(frozen=True)
class CohortOptions:
    """Usage by installation-year cohort, and the commissioning checks of cohorts not visited."""

    usage_by_cohort: bool
    commissioning: dict[int, tuple[float, str]]
    source: str


@dataclass(frozen=True)
class MethodOptions:
    """Everything a methodology needs beyond the base parameters; empty for the default."""

    b_old_t_per_year: Parameter | None = None
    eta_new_by_model: tuple[EtaNewEntry, ...] = ()
    efficiency_decline: tuple[tuple[float, ...], str] | None = None
    fnrb_periods: tuple[FnrbPeriod, ...] = ()
    ef_co2: Parameter | None = None
    ef_nonco2: Parameter | None = None
    charcoal: Charcoal | None = None
    kpt: KptOptions | None = None
    cohorts: CohortOptions | None = None
    sensitivity: tuple[tuple[str, tuple[float, ...]], ...] = ()
    sensitivity_source: str = ""


NO_OPTIONS = MethodOptions()
