"""SMTP_URL: `smtp://user:password@host:port` (STARTTLS when offered), `smtps://` for TLS."""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to hand e-mail over."""

    host: str
    port: int
    tls: bool  # implicit TLS (smtps); plain smtp upgrades with STARTTLS when the server offers it
    user: str
    password: str


def parse_smtp_url(url: str) -> SmtpTarget:
    """Read an SMTP URL, refusing anything that would fail only at the first send."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"not a URL ({exc})") from None
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("has no host (smtp://user:password@host:port)")
    tls = parts.scheme == "smtps"
    return SmtpTarget(
        host=parts.hostname,
        port=port or (465 if tls else 587),
        tls=tls,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )
