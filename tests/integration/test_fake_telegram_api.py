"""The fake Bot API answers python-telegram-bot the way Telegram does, and fails on demand."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from tests.fakes.telegram_api import FakeTelegramApi

TOKEN = "123456:test-token"


@pytest.fixture
def api() -> Iterator[FakeTelegramApi]:
    """The fake on a local port."""
    server = FakeTelegramApi(TOKEN).start()
    yield server
    server.stop()


def _bot(api: FakeTelegramApi, read_timeout: float = 5.0) -> Bot:
    request = HTTPXRequest(read_timeout=read_timeout)
    return Bot(TOKEN, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot",
               request=request, get_updates_request=request)


def test_records_messages_edits_and_callback_answers_as_ptb_sends_them(api: FakeTelegramApi):
    async def talk() -> None:
        async with _bot(api) as bot:
            sent = await bot.send_message(42, "Hola", reply_markup=None)
            await bot.edit_message_text("Editado", chat_id=42, message_id=sent.message_id)
            await bot.answer_callback_query("cbq-1", text="Listo")

    asyncio.run(talk())
    assert [c.method for c in api.calls()] == [
        "getMe", "sendMessage", "editMessageText", "answerCallbackQuery"]
    assert api.texts(42) == ["Hola", "Editado"]
    assert api.calls("answerCallbackQuery")[0].params["callback_query_id"] == "cbq-1"


def test_serves_registered_files_and_refuses_unknown_or_too_big_ones(api: FakeTelegramApi):
    api.add_file("photo-1", b"\xff\xd8jpeg bytes")
    api.add_file("huge", b"x", size=25 * 1024 * 1024)

    async def fetch() -> bytes:
        async with _bot(api) as bot:
            file = await bot.get_file("photo-1")
            data = bytes(await file.download_as_bytearray())
            for missing in ("nope", "huge"):
                with pytest.raises(BadRequest):
                    await bot.get_file(missing)
            return data

    assert asyncio.run(fetch()) == b"\xff\xd8jpeg bytes"
    assert len(api.downloads()) == 1


def test_webhook_is_set_and_reported(api: FakeTelegramApi):
    async def configure() -> tuple[str, list[str] | None]:
        async with _bot(api) as bot:
            await bot.set_webhook("https://qoncha.example/telegram/webhook",
                                  secret_token="s3cret", allowed_updates=["message"])
            info = await bot.get_webhook_info()
            return info.url, list(info.allowed_updates or [])

    assert asyncio.run(configure()) == ("https://qoncha.example/telegram/webhook", ["message"])
    assert api.webhook["secret_token"] == "s3cret"


def test_fails_on_demand_with_telegrams_errors(api: FakeTelegramApi):
    async def attempt() -> list[type[Exception]]:
        raised: list[type[Exception]] = []
        async with _bot(api, read_timeout=0.3) as bot:
            for arrange in (lambda: api.fail_next_with_flood(retry_after=7),
                            api.fail_next_with_blocked,
                            lambda: api.fail_next_with_timeout(1.0)):
                arrange()
                try:
                    await bot.send_message(42, "Hola")
                except Exception as exc:  # noqa: BLE001 - the type is what is checked
                    raised.append(type(exc))
        return raised

    assert asyncio.run(attempt()) == [RetryAfter, Forbidden, TimedOut]
    flood = api.requests[1]
    assert flood.status == 429 and api.calls("sendMessage")[0].status == 429


def test_plain_json_clients_and_server_errors(api: FakeTelegramApi):
    api.fail_next_with_server_error()
    first = httpx.post(f"{api.url}/bot{TOKEN}/sendMessage", json={"chat_id": 7, "text": "a"})
    second = httpx.post(f"{api.url}/bot{TOKEN}/sendMessage", json={"chat_id": 7, "text": "b"})
    wrong = httpx.post(f"{api.url}/botWRONG/sendMessage", json={"chat_id": 7, "text": "c"})
    assert (first.status_code, second.status_code, wrong.status_code) == (500, 200, 401)
    assert api.sent(7) == [{"chat_id": 7, "text": "b"}]
