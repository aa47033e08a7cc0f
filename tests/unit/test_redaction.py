"""Secrets are blanked out of log records, whatever handler and formatter write them."""

import io
import logging

import pytest

from core.redaction import MASK, redact, token_secrets
from gateway.logs import hide_in_logs

TOKEN = "123456789:AAHsecret-part-of-a-bot-token"


def test_a_token_and_its_secret_half_are_hidden():
    url_encoded = "https://api.telegram.org/bot123456789%3AAAHsecret-part-of-a-bot-token/getMe"
    assert redact(f"token `{TOKEN}` refused", token_secrets(TOKEN)) == f"token `{MASK}` refused"
    assert "AAHsecret" not in redact(url_encoded, token_secrets(TOKEN))
    assert token_secrets("") == () and redact("nothing", ()) == "nothing"


def test_log_records_and_their_tracebacks_carry_no_token(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    hide_in_logs(token_secrets(TOKEN))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log = logging.getLogger("test_redaction")
    log.addHandler(handler)
    try:
        log.error("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            log.exception("the bot thread could not handle stored updates")
    finally:
        log.removeHandler(handler)
    written = stream.getvalue()
    assert TOKEN not in written and "AAHsecret" not in written
    assert written.count(MASK) == 2 and "RuntimeError" in written
