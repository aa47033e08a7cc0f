"""The bot beside gunicorn's sync workers: two workers, updates posted back to back, a restart.

Each worker process runs its own bot thread (started after the fork); the conversation is
kept in the database, so updates of one chat, posted faster than they are handled and
spread over both workers, are still answered in order, and the conversation carries on
after the whole server is restarted.
"""

import json
import time
import urllib.request
from pathlib import Path

import pytest

from bench.server import GunicornServer
from core.models import Stove, TelegramUpdate
from core.staffbot import texts as staff_texts
from core.staffbot.members import invite_staff
from gateway.wiring import build_services
from tests.e2e.gateway_support import TELEGRAM_BOT_TOKEN, all_rows
from tests.e2e.telegram_support import WEBHOOK_SECRET

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # gunicorn workers in subprocesses, started twice

ROSA = 4242


def _post(port: int, update_id: int, text: str) -> None:
    message = {"message_id": update_id, "date": 1764290780, "text": text,
               "chat": {"id": ROSA, "type": "private"},
               "from": {"id": ROSA, "is_bot": False, "first_name": "Rosa"}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram/webhook",
        data=json.dumps({"update_id": update_id, "message": message}).encode(),
        headers={"Content-Type": "application/json", "Connection": "close",
                 "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def _wait_for_texts(api, count: int, timeout: float = 30.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = api.texts(ROSA)
        if len(texts) >= count:
            return list(texts)
        time.sleep(0.05)
    raise AssertionError(f"{len(api.texts(ROSA))} replies, expected {count}: {api.texts(ROSA)}")


def _wait_until_finished(services, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(u.status == "handled" for u in all_rows(services, TelegramUpdate)):
            return
        time.sleep(0.05)
    raise AssertionError([u.status for u in all_rows(services, TelegramUpdate)])


def test_two_workers_answer_one_chat_in_order_and_survive_a_restart(
    db_url: str, fake_telegram, tmp_path: Path, settings
):
    services = build_services(settings)
    code = invite_staff(services.uow(), role="technician", districts=["Chinchao"], name="Rosa",
                        now=services.clock())
    # The workers import this tree, not whatever copy of qoncha is installed.
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DATABASE_URL": db_url,
           "SMS_PROVIDER": "console",
           "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
           "TELEGRAM_API_BASE": fake_telegram.url, "MEDIA_ROOT": str(tmp_path / "media")}
    first = ["/start " + code, "/instalar", "QW7777", "Familia Rojas", "987654321"]
    # One district: it is not asked.
    second = ["Pillao", "Sin ubicación", "sin señal", "Cocina tradicional", "Omitir foto", "Sí",
              "Confirmar"]
    with GunicornServer("gateway:create_app()", workers=2, env=env, cwd=tmp_path,
                        log=tmp_path / "gunicorn-1.log") as server:
        for number, text in enumerate(first, start=1):
            _post(server.port, number, text)  # back to back: handling lags behind
        _wait_for_texts(fake_telegram, len(first))
        _wait_until_finished(services)
    booted = (tmp_path / "gunicorn-1.log").read_text().count("Booting worker")
    assert booted == 2
    with GunicornServer("gateway:create_app()", workers=2, env=env, cwd=tmp_path,
                        log=tmp_path / "gunicorn-2.log") as server:
        for number, text in enumerate(second, start=len(first) + 1):
            _post(server.port, number, text)
        texts = _wait_for_texts(fake_telegram, len(first) + len(second))
    assert texts[1:] == [
        staff_texts.INSTALL_CODE, staff_texts.INSTALL_NAME, staff_texts.INSTALL_PHONE,
        staff_texts.INSTALL_COMMUNITY, staff_texts.INSTALL_LOCATION,
        staff_texts.INSTALL_NO_LOCATION_REASON, staff_texts.INSTALL_BASELINE,
        staff_texts.INSTALL_PHOTO, staff_texts.INSTALL_CONSENT, texts[10],
        staff_texts.INSTALL_DONE.format(code="QW7777"),
    ]
    assert texts[0].startswith("Bienvenido/a, Rosa") and texts[10].startswith("Resumen:")
    assert [s.code for s in all_rows(services, Stove)] == ["QW7777"]
    services.engine.dispose()
