"""What every method reads per cell: the parameters in force, with one value overridden at most.

The override is how the sensitivity table recomputes the ER under another documented value
(EF 81.6 instead of 63.7, say) without a second set of equations.
"""

from dataclasses import dataclass

from core.mrv.methods.cells import DayCell
from core.mrv.options import NO_OPTIONS, MethodOptions
from core.mrv.parameters import Parameters


@dataclass(frozen=True)
class Context:
    """Parameters, options, KPT savings (t per operating stove-day) and an optional override."""

    params: Parameters
    kpt_savings_t: float | None = None
    override: tuple[str, float] | None = None

    @property
    def options(self) -> MethodOptions:
        """The methodology options, empty for a file that has none."""
        return self.params.options or NO_OPTIONS

    def value(self, name: str) -> float:
        """A base parameter's value, or the override's when it names this parameter."""
        if self.override is not None and self.override[0] == name:
            return self.override[1]
        return float(getattr(self.params, name).value)

    def fnrb(self, cell: DayCell) -> float:
        """The cell's fNRB (from its validity segment), or the override."""
        if self.override is not None and self.override[0] == "fnrb":
            return self.override[1]
        return cell.fnrb

    def with_override(self, name: str, value: float) -> "Context":
        """The same context with one parameter replaced, for the sensitivity table."""
        return Context(self.params, self.kpt_savings_t, (name, value))
