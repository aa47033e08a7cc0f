"""A local stand-in for Telegram's Bot API, reached via TELEGRAM_API_BASE (PTB's `base_url`).

It answers `/bot<token>/<method>` the way api.telegram.org does (`{"ok": true, "result": …}`
or `{"ok": false, "error_code": …, "description": …}`), serves file downloads under
`/file/bot<token>/<file_path>`, records every call, and can be told to fail: 429 with
`retry_after`, 500, 403 "bot was blocked by the user", 404 to every call (a token Telegram
does not know), or a stall long enough for a timeout. A file may be served under a hostile
`file_path` (absolute, with "..", naming a local file) and with a size it does not have.
Parameters are read however the client sent them: JSON body, form fields (PTB's way, each
value JSON-encoded) or the query string.
"""

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

from recording_server import RecordedRequest, RecordingServer, Reply

_METHOD_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
# Parameters whose form value is JSON (PTB sends objects and lists JSON-encoded).
_JSON_PARAMS = {"reply_markup", "allowed_updates", "entities", "link_preview_options",
                "reply_parameters", "caption_entities"}
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Qoncha",
            "username": "qoncha_test_bot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False}
MAX_DOWNLOAD = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB


def telegram_error(status: int, description: str, **parameters: Any) -> Reply:
    """An error body as the Bot API sends it; PTB turns it into its exception classes."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, body


@dataclass(frozen=True)
class ApiCall:
    """One Bot API method call: its name, its parameters decoded, and the status answered."""

    method: str
    params: dict[str, Any]
    status: int

    @property
    def ok(self) -> bool:
        """Whether Telegram accepted it."""
        return 200 <= self.status < 300


@dataclass
class _File:
    content: bytes
    size: int
    path: str


class FakeTelegramApi(RecordingServer):
    """The Bot API methods a bot needs, for one token."""

    def __init__(self, token: str, port: int = 0) -> None:
        super().__init__(port)
        self.token = token
        self.webhook: dict[str, Any] = {}
        self._files: dict[str, _File] = {}
        self._message_ids = itertools.count(1000)
        self._ids_lock = threading.Lock()
        self._not_found = False

    # --- what crossed -------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every method call so far (of one method when named), in arrival order."""
        found = []
        for request in list(self.requests):
            match = _METHOD_PATH.match(request.path)
            if match and (method is None or match["method"] == method):
                found.append(ApiCall(match["method"], params_of(request), request.status))
        return found

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of the accepted sendMessage calls (to one chat when given)."""
        return [c.params for c in self.calls("sendMessage")
                if c.ok and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """The texts sent and edited, in order (to one chat when given)."""
        return [str(c.params.get("text")) for c in self.calls()
                if c.ok and c.method in ("sendMessage", "editMessageText")
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    def downloads(self) -> list[RecordedRequest]:
        """Every file download request."""
        return [r for r in self.requests if _FILE_PATH.match(unquote(r.path))]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[ApiCall]:
        """Wait until `count` calls of a method arrived (for work done in the background)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{method}: {len(self.calls(method))} calls, expected {count}")

    # --- what to serve and how to fail ----------------------------------------------------
    def add_file(self, file_id: str, content: bytes, size: int | None = None,
                 path: str | None = None) -> None:
        """A file a user sent, downloadable with getFile; `size` and `path` may lie."""
        self._files[file_id] = _File(content, len(content) if size is None else size,
                                     path or f"photos/{file_id}.jpg")

    def answer_not_found(self) -> None:
        """404 to every call from now on, as Telegram answers a token it cannot parse."""
        self._not_found = True

    def fail_next_with_flood(self, retry_after: int = 3, count: int = 1) -> None:
        """429 Too Many Requests, with the seconds to wait in parameters.retry_after."""
        self.fail_next(count, *telegram_error(
            429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after))

    def fail_next_with_server_error(self, count: int = 1) -> None:
        """500: Telegram having a bad moment, which a sender should retry."""
        self.fail_next(count, *telegram_error(500, "Internal Server Error"))

    def fail_next_with_blocked(self, count: int = 1) -> None:
        """403: the user blocked the bot; retrying will not help."""
        self.fail_next(count, *telegram_error(403, "Forbidden: bot was blocked by the user"))

    def fail_next_with_timeout(self, seconds: float, count: int = 1) -> None:
        """Answer the next calls only after `seconds`: longer than a client's timeout."""
        self.stall_next(count, seconds)

    # --- the API ----------------------------------------------------------------------------
    def handle(self, request: RecordedRequest) -> Reply:
        """Route a method call or a file download."""
        if self._not_found:
            return telegram_error(404, "Not Found")
        file_match = _FILE_PATH.match(unquote(request.path))  # clients may quote the ':'
        if file_match is not None:
            return self._download(file_match["token"], file_match["path"])
        match = _METHOD_PATH.match(request.path)
        if match is None:
            return telegram_error(404, "Not Found")
        if match["token"] != self.token:
            return telegram_error(401, "Unauthorized")
        method = getattr(self, "_" + match["method"], None)
        if method is None:
            return telegram_error(404, "Not Found")
        try:
            params = params_of(request)
        except ValueError:
            return telegram_error(400, "Bad Request: can't parse request parameters")
        result: Reply = method(params)
        return result

    def _ok(self, result: Any) -> Reply:
        return 200, {"ok": True, "result": result}

    def _getMe(self, params: dict[str, Any]) -> Reply:  # noqa: N802 - Bot API method name
        return self._ok(BOT_USER)

    def _sendMessage(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        if "chat_id" not in params:
            return telegram_error(400, "Bad Request: chat_id is empty")
        text = str(params.get("text") or "")
        if not text.strip():
            return telegram_error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return telegram_error(400, "Bad Request: message is too long")
        return self._ok(self._message(params, text))

    def _sendPhoto(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        # The photo itself comes as a multipart upload; parameters may ride in the query.
        if "chat_id" not in params:
            return telegram_error(400, "Bad Request: chat_id is empty")
        if len(str(params.get("caption") or "")) > 1024:  # the Bot API's caption limit
            return telegram_error(400, "Bad Request: message caption is too long")
        message = self._message(params, "")
        message.pop("text")
        message["caption"] = str(params.get("caption") or "")
        message["photo"] = [{"file_id": f"photo-{message['message_id']}", "width": 640,
                             "height": 280}]
        return self._ok(message)

    def _editMessageText(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        if "message_id" not in params and "inline_message_id" not in params:
            return telegram_error(400, "Bad Request: message identifier is not specified")
        if "inline_message_id" in params:
            return self._ok(True)
        message = self._message(params, str(params.get("text") or ""))
        message["message_id"] = int(params["message_id"])
        message["edit_date"] = int(time.time())
        return self._ok(message)

    def _answerCallbackQuery(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        if not params.get("callback_query_id"):
            return telegram_error(400, "Bad Request: query is too old or query ID is invalid")
        return self._ok(True)

    def _getFile(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        file_id = str(params.get("file_id") or "")
        stored = self._files.get(file_id)
        if stored is None:
            return telegram_error(400, "Bad Request: invalid file_id")
        if stored.size > MAX_DOWNLOAD:
            return telegram_error(400, "Bad Request: file is too big")
        return self._ok({"file_id": file_id, "file_unique_id": "u" + file_id[-12:],
                         "file_size": stored.size, "file_path": stored.path})

    def _setWebhook(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            return telegram_error(400, "Bad Request: bad webhook: HTTPS url must be provided")
        self.webhook = {"url": url, "secret_token": params.get("secret_token"),
                        "allowed_updates": params.get("allowed_updates"),
                        "drop_pending_updates": params.get("drop_pending_updates")}
        return 200, {"ok": True, "result": True, "description": "Webhook was set"}

    def _deleteWebhook(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        self.webhook = {}
        return 200, {"ok": True, "result": True, "description": "Webhook was deleted"}

    def _getWebhookInfo(self, params: dict[str, Any]) -> Reply:  # noqa: N802
        info: dict[str, Any] = {"url": self.webhook.get("url", ""),
                                "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return self._ok(info)

    def _download(self, token: str, path: str) -> Reply:
        if token != self.token:
            return telegram_error(401, "Unauthorized")
        stored = next((f for f in self._files.values() if f.path == path), None)
        if stored is None:
            return telegram_error(404, "Not Found")
        return 200, stored.content

    def _message(self, params: dict[str, Any], text: str) -> dict[str, Any]:
        with self._ids_lock:
            message_id = next(self._message_ids)
        chat_id = params["chat_id"]
        chat = {"id": int(chat_id) if str(chat_id).lstrip("-").isdigit() else 0,
                "type": "private"}
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                                   "chat": chat, "from": BOT_USER, "text": text}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram echoes inline keyboards only
        return message


def params_of(request: RecordedRequest) -> dict[str, Any]:
    """A call's parameters from its JSON body, form body or query string, values decoded."""
    params: dict[str, Any] = dict(parse_qsl(request.query, keep_blank_values=True))
    kind = request.headers.get("content-type", "")
    if request.body and "json" in kind:
        body = json.loads(request.body)
        if isinstance(body, dict):
            params.update(body)
        return params
    if request.body and "multipart" not in kind:
        params.update(parse_qsl(request.body.decode(), keep_blank_values=True))
    for name, value in list(params.items()):
        if name in _JSON_PARAMS and isinstance(value, str):
            params[name] = json.loads(value)
    return params


def main() -> None:
    """Serve the fake for a local try-out, printing each message the bot sends."""
    import argparse

    parser = argparse.ArgumentParser(description="A local fake of Telegram's Bot API.")
    parser.add_argument("token", help="the bot token qoncha is configured with")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()

    class Printing(FakeTelegramApi):
        def handle(self, request: RecordedRequest) -> Reply:
            reply = super().handle(request)
            match = _METHOD_PATH.match(request.path)
            if match and match["method"] in ("sendMessage", "editMessageText"):
                params = params_of(request)
                print(f"-> chat {params.get('chat_id')}:\n{params.get('text')}\n", flush=True)
            return reply

    server = Printing(args.token, port=args.port).start()
    print(f"fake Bot API on {server.url} (Ctrl-C stops it)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
