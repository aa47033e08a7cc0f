"""What every handler reaches through its context: core's unit of work, the clock, settings.

bot/ never imports gateway/: the gateway hands these in as `BotDeps` (the PTB
`contexttypesbot.py` pattern, with a typed context class).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from core.db.uow import UnitOfWork
from core.settings import Settings
from core.staffbot.members import Staff


@dataclass
class BotDeps:
    """The core side of the bot, built once per process by the gateway."""

    settings: Settings
    uow: Callable[[], UnitOfWork]
    clock: Callable[[], datetime]
    media_root: str


@dataclass
class Handling:
    """How handling one update went, read by the runner to mark the stored update."""

    staff: Staff | None = None
    ignored_because: str = ""  # set when the update is ignored: why, for the stored update
    errors: list[BaseException] = field(default_factory=list)

    def ignore(self, reason: str) -> None:
        """Mark the update ignored, saying why (the runner stores it with the update)."""
        self.ignored_because = reason

    @property
    def ignored(self) -> bool:
        """Whether a handler chose to ignore the update."""
        return bool(self.ignored_because)


class BotContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    """CallbackContext with typed access to core and to the staff member writing."""

    @property
    def deps(self) -> BotDeps:
        """Core's services for this process."""
        deps: BotDeps = self.bot_data["deps"]
        return deps

    @property
    def handling(self) -> Handling:
        """This update's bookkeeping."""
        handling: Handling = self.bot_data["handling"]
        return handling

    @property
    def staff(self) -> Staff:
        """The linked staff member (the gate lets nobody else past, except /start)."""
        staff = self.handling.staff
        assert staff is not None, "handler reached without a staff member"
        return staff

    @property
    def answers(self) -> dict[str, Any]:
        """The current conversation's answers so far, kept in the database between updates."""
        assert self.user_data is not None
        return self.user_data

    def now(self) -> datetime:
        """The process clock (tests freeze it)."""
        return self.deps.clock()


BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
