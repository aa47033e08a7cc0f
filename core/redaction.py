"""Secrets never reach a log line or an exception text: one way to blank them out.

The Telegram bot token is part of every Bot API URL, so the libraries that call the API put
it in their messages (python-telegram-bot's "The token `…` was rejected", a URL in an httpx
error). The composition root hands the secrets to the log setup and the CLI once; both, and
the bot's own error texts, pass through `redact`.
"""

from collections.abc import Iterable

MASK = "[REDACTED]"
_SHORTEST = 8  # shorter values would blank out ordinary words


def token_secrets(token: str) -> tuple[str, ...]:
    """What to hide of a bot token: all of it, and its secret half (URL-encoded ':' or not)."""
    if not token:
        return ()
    secret_half = token.partition(":")[2]
    return tuple(part for part in (token, secret_half) if len(part) >= _SHORTEST)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by MASK (longest first, so parts never survive)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, MASK)
    return text


def redact_exception(exc: BaseException, secrets: Iterable[str]) -> BaseException:
    """Blank the secrets out of an exception's own text (its args and `message`), in place."""
    hidden = tuple(secrets)
    exc.args = tuple(redact(a, hidden) if isinstance(a, str) else a for a in exc.args)
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        exc.message = redact(message, hidden)  # type: ignore[attr-defined]
    return exc
