"""What the parser hands the services: an intent and only the values that intent needs."""

import enum
from dataclasses import dataclass

DAYS_MIN = 0
DAYS_MAX = 7


class Intent(enum.StrEnum):
    """What a household wants, so services can dispatch without looking at raw text."""

    REGISTER = "register"
    USAGE = "usage"
    OPEN_FIRE = "open_fire"
    ANSWER_NUMBER = "answer_number"
    ANSWER_YES = "answer_yes"
    ANSWER_NO = "answer_no"
    PROBLEM = "problem"
    HELP = "help"
    STOP = "stop"
    START = "start"
    UNREADABLE = "unreadable"
    # Close to an opt-out but not the keyword alone: taught how to opt out, never silenced.
    STOP_UNCLEAR = "stop_unclear"


@dataclass(frozen=True)
class Command:
    """A parsed SMS, carrying only what the intent needs so handlers never re-parse text.

    `open_fire` is the FOGON figure of a message that also reports USO; `refused` marks a
    number that is no whole count of days (a fraction, a sign, a decimal, two numbers).
    """

    intent: Intent
    number: int | None = None
    code: str | None = None
    text: str | None = None
    open_fire: int | None = None
    refused: bool = False
