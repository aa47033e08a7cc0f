"""E-mail transport for the outbox: SMTP with the HTML body, inline chart and attached files."""

import smtplib
import ssl
from contextlib import suppress
from email.message import EmailMessage
from email.utils import make_msgid

from core.outbox.payload import Payload
from core.outbox.smtp_url import SmtpTarget, parse_smtp_url
from core.ports import SendError, SendResult
from core.settings import Settings
from gateway.deadlines import deadline, shut

NO_STARTTLS = "smtp server offers no STARTTLS: the password is never sent in clear"


def build_email(*, sender: str, to: str, body: str, payload: Payload) -> EmailMessage:
    """A multipart message: plain text, HTML with inline images (cid:NAME), then attachments."""
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    message["Subject"] = payload.subject or body.splitlines()[0][:120]
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    if payload.html:
        message.add_alternative(payload.html, subtype="html")
        html_part = message.get_body(preferencelist=("html",))
        assert isinstance(html_part, EmailMessage)
        for inline in (f for f in payload.files if f.inline):
            maintype, _, subtype = inline.content_type.partition("/")
            html_part.add_related(
                inline.data,
                maintype=maintype,
                subtype=subtype,
                cid=f"<{inline.name}>",
                filename=inline.name,
            )
    for attached in (f for f in payload.files if not f.inline):
        maintype, _, subtype = attached.content_type.partition("/")
        message.add_attachment(
            attached.data, maintype=maintype, subtype=subtype, filename=attached.name
        )
    return message


def _cut(smtp: smtplib.SMTP) -> None:
    """Wake a read blocked on the SMTP socket: it ends as a closed connection."""
    shut(getattr(smtp, "sock", None))


def _exchange(smtp: smtplib.SMTP, target: SmtpTarget, message: EmailMessage) -> None:
    """Greeting, TLS, login and the message; credentials only ever cross an encrypted link."""
    smtp.connect(target.host, target.port)
    smtp.ehlo()
    if not target.tls:
        if smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        elif target.user:
            raise SendError(NO_STARTTLS)
    if target.user:
        smtp.login(target.user, target.password)
    smtp.send_message(message)
    # The server took the message; a lost goodbye must not have it sent twice.
    with suppress(OSError, smtplib.SMTPException):
        smtp.quit()


class SmtpEmailSender:
    """Hands each e-mail to the SMTP server of SMTP_URL (STARTTLS when offered, or smtps)."""

    name = "email"

    def __init__(self, settings: Settings) -> None:
        self._target = parse_smtp_url(settings.smtp_url.get_secret_value())
        self._sender = settings.smtp_from
        self._deadline = settings.send_deadline_seconds

    def send(self, *, to: str, body: str, reference: str, payload: str | None = None) -> SendResult:
        """One SMTP session per message; a refused recipient is permanent, the rest retried."""
        message = build_email(
            sender=self._sender, to=to, body=body, payload=Payload.from_json(payload)
        )
        target = self._target
        smtp = (
            smtplib.SMTP_SSL(timeout=self._deadline, context=ssl.create_default_context())
            if target.tls
            else smtplib.SMTP(timeout=self._deadline)
        )
        # connect() leaves the host unset, and TLS checks the certificate against it.
        smtp._host = target.host  # type: ignore[attr-defined]
        try:
            with deadline(self._deadline, lambda: _cut(smtp)) as expired:
                try:
                    _exchange(smtp, target, message)
                finally:
                    smtp.close()
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(
                f"smtp refused the recipient: {exc.recipients}", permanent=True
            ) from exc
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600
            raise SendError(f"smtp {exc.smtp_code}", permanent=permanent) from exc
        except (OSError, smtplib.SMTPException) as exc:
            # A socket timeout is the deadline too: each read may wait that long, no more.
            if expired.is_set() or _timed_out(exc):
                raise SendError(f"smtp exchange over its {self._deadline:g} s deadline") from exc
            raise SendError(f"smtp unreachable: {exc.__class__.__name__}") from exc
        return SendResult(provider_id=str(message["Message-ID"]).strip("<>")[:64], status="sent")


def _timed_out(exc: BaseException) -> bool:
    """A socket timeout, also one smtplib reports as a closed connection.

    smtplib turns a read's TimeoutError into SMTPServerDisconnected (the timeout is only its
    context); the read's timeout equals the deadline, so on a busy machine it may fire before
    the watchdog does, and the stall must still be told as over its deadline.
    """
    seen: BaseException | None = exc
    for _ in range(5):  # a short chain; never loop on a cycle
        if seen is None:
            return False
        if isinstance(seen, TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
