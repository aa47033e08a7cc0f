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
    "baseline", "transport_emissions",
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
    # Evidence of the value (mrv.md, "Integrity conditions"): MoFuSS, CDM default, national ...
    basis: str | None = None
    area: str | None = None
    vintage: str | None = None


@dataclass(frozen=True)
class FnrbEvidence:
    """What the base `[fnrb]` value rests on, and until when it may be credited.

    Days after `valid_until` not covered by an `[[fnrb_periods]]` value are refused unless
    `past_valid_until_reason` says why (and the report then records it).
    """

    basis: str | None
    area: str | None
    vintage: str | None
    valid_until: date | None
    past_valid_until_reason: str | None


@dataclass(frozen=True)
class FnrbAlternative:
    """Another documented fNRB value (national, regional, MoFuSS) for the sensitivity table."""

    value: float
    basis: str
    area: str | None
    vintage: str | None
    source: str


@dataclass(frozen=True)
class BaselineAssessment:
    """When the baseline was last assessed, outside a KPT campaign qoncha holds."""

    assessed_on: date
    source: str


@dataclass(frozen=True)
class TransportEmissions:
    """Fuel-transport emissions: negligible for a stated reason, or a figure deducted from ER."""

    negligible: bool
    reason: str | None
    tco2e_per_stove_year: float | None
    source: str | None


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
    fnrb_evidence: FnrbEvidence | None = None
    fnrb_alternatives: tuple[FnrbAlternative, ...] = ()
    baseline: BaselineAssessment | None = None
    transport: TransportEmissions | None = None


NO_OPTIONS = MethodOptions()
