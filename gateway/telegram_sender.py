"""Telegram Bot API transport for the outbox: texts and photos to staff chats, failures sorted."""

import logging
from typing import Any

import requests

from core.outbox.payload import Payload
from core.ports import CHAT_BLOCKED, SendError, SendResult
from core.settings import Settings
from gateway.deadlines import CuttableSession, deadline

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.telegram.org"
TIMEOUT_SECONDS = 15
CAPTION_LIMIT = 1024


def split_caption(text: str, limit: int = CAPTION_LIMIT) -> tuple[str, str]:
    """Cut a text at a line break into a photo caption within `limit` and the rest to follow."""
    if len(text) <= limit:
        return text, ""
    cut = text.rfind("\n", 0, limit + 1)
    if cut <= 0:  # one line longer than a caption: cut it where the limit falls
        return text[:limit], text[limit:]
    return text[:cut], text[cut + 1 :]


class TelegramChatSender:
    """Sends through the Bot API over HTTPS; TELEGRAM_API_BASE points it elsewhere (tests)."""

    name = "telegram"

    def __init__(self, settings: Settings) -> None:
        base = (settings.telegram_api_base or DEFAULT_API_BASE).rstrip("/")
        self._url = f"{base}/bot{settings.telegram_bot_token.get_secret_value()}"
        self._http = CuttableSession()
        self._deadline = settings.send_deadline_seconds
        self._timeout = min(TIMEOUT_SECONDS, self._deadline)

    def send(self, *, to: str, body: str, reference: str, payload: str | None = None) -> SendResult:
        """A text, or a photo with the text as caption when the payload carries a PNG.

        A caption is never dropped for its length, nor the photo: the renderers keep captions
        within the limit and send the rest as their own row; a longer one is cut at a line
        break and its rest follows as a text (retried with the photo if it fails). The whole
        exchange ends within the send deadline.
        """
        extras = Payload.from_json(payload)
        image = next((f for f in extras.files if f.content_type == "image/png"), None)
        try:
            with deadline(self._deadline, self._http.cut) as expired:
                if image is None:
                    return _result(self._post("sendMessage", json=_message(to, body, extras)))
                caption, rest = split_caption(body)
                # Parameters in the query string (the Bot API reads them there), the photo as
                # the multipart body.
                result = _result(self._post(
                    "sendPhoto",
                    params={"chat_id": to, "caption": caption},
                    files={"photo": (image.name, image.data, image.content_type)},
                ))  # fmt: skip
                if rest:
                    _result(self._post("sendMessage", json={"chat_id": to, "text": rest}))
                return result
        except requests.RequestException as exc:
            if expired.is_set() or isinstance(exc, requests.Timeout):
                over = f"telegram exchange over its {self._deadline:g} s deadline"
                raise SendError(over) from exc
            raise SendError(f"telegram unreachable: {exc.__class__.__name__}") from exc

    def _post(self, method: str, **request: Any) -> requests.Response:
        """One Bot API call with the per-request timeout."""
        return self._http.post(f"{self._url}/{method}", timeout=self._timeout, **request)


def _message(to: str, body: str, extras: Payload) -> dict[str, Any]:
    """sendMessage's parameters, with the payload's inline buttons when it has any."""
    message: dict[str, Any] = {"chat_id": to, "text": body}
    if extras.buttons:
        message["reply_markup"] = {"inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row]
            for row in extras.buttons]}
    return message


def _result(response: requests.Response) -> SendResult:
    """Sort the Bot API's answer: 429 waits retry_after, 403 is a blocked chat, 5xx is retried."""
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.ok and data.get("ok"):
        result = data.get("result") or {}
        chat = (result.get("chat") or {}).get("id", "")
        return SendResult(provider_id=f"{chat}:{result.get('message_id', '')}", status="sent")
    description = str(data.get("description") or response.reason)[:200]
    message = f"telegram {response.status_code}: {description}"
    if response.status_code == 429:
        retry_after = (data.get("parameters") or {}).get("retry_after")
        raise SendError(message, retry_after=float(retry_after) if retry_after else None)
    if response.status_code == 403:
        raise SendError(message, permanent=True, recipient_state=CHAT_BLOCKED)
    if response.status_code >= 500:
        raise SendError(message)
    raise SendError(message, permanent=True)
