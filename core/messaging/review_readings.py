"""What a person may say a flagged household message meant, and who may say it.

The readings the review inbox offers (usage, open fire, both, a problem, a registration, a
confirmed opt-out, nothing) are checked here once, whoever resolves: the bot's buttons, the
console's forms and `qoncha review resolve` all build a `Reading` and a `Reviewer`.
"""

from dataclasses import dataclass

from core.protocol import DAYS_MAX, DAYS_MIN
from core.refusals import Refused
from core.staffbot.members import Staff

READINGS = ("usage", "open_fire", "both", "problem", "register", "stop", "nothing")


class ReviewRefused(Refused):
    """The item cannot be resolved so: `code` says why (not_allowed, resolved, no_stove, ...)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail=detail)
        self.detail = detail


@dataclass(frozen=True)
class Reading:
    """What a person says a flagged message meant."""

    kind: str
    days_used: int | None = None
    open_fire_days: int | None = None
    stove_code: str | None = None

    def __post_init__(self) -> None:
        needs_days = {"usage": ("days_used",), "open_fire": ("open_fire_days",),
                      "both": ("days_used", "open_fire_days")}.get(self.kind, ())
        if self.kind not in READINGS:
            raise ReviewRefused("bad_reading", self.kind)
        for name in needs_days:
            value = getattr(self, name)
            if value is None or not DAYS_MIN <= value <= DAYS_MAX:
                raise ReviewRefused("bad_days", name)
        if self.kind == "register" and not (self.stove_code or "").strip():
            raise ReviewRefused("no_code")


@dataclass(frozen=True)
class Reviewer:
    """Who resolves: a staff member (their districts) or the command line (every district)."""

    name: str
    staff_id: int | None = None
    scope: tuple[str, ...] | None = None  # None: every district, and messages of no household

    def may_see(self, district: str | None) -> bool:
        """Staff act in their districts; messages of no household only for programme staff."""
        return self.scope is None or (district is not None and district in self.scope)


def staff_reviewer(staff: "Staff") -> Reviewer:
    """A staff member as the review inbox sees them (bot and console): name, id, districts."""
    return Reviewer(name=staff.name or str(staff.id), staff_id=staff.id, scope=staff.scope())
