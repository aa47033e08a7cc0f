"""The household SMS protocol: parse a body into one command (see parser.py)."""

from core.protocol.command import DAYS_MAX, DAYS_MIN, Command, Intent
from core.protocol.parser import parse
from core.protocol.text import normalise

__all__ = ["DAYS_MAX", "DAYS_MIN", "Command", "Intent", "normalise", "parse"]
