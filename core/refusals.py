"""Refusals core raises: a code naming why and the values its text needs, never a sentence.

The Spanish texts staff read are in one catalogue (`core.staffbot.refusal_texts.REFUSALS`,
looked up by `refusal_text`); the CLI's English one-line reasons in `gateway.cli.refusals`. A test
checks that every code raised anywhere in core has its Spanish text.
"""

from typing import Any


class Refused(ValueError):
    """A request core will not do: `code` says why, `params` fill the text shown for it."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
