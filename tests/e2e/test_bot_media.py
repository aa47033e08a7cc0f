"""A visit photo comes only over HTTP from the Bot API, checked by its bytes, never from disk."""

import asyncio
from pathlib import Path

import pytest

from bot.media import MAX_PHOTO_BYTES, PhotoRefused, download_file
from core.models import Visit
from core.staffbot import texts as staff_texts
from tests.e2e.gateway_support import all_rows
from tests.e2e.telegram_support import BotEnv
from tests.e2e.test_bot_install import photo_of
from tests.e2e.test_bot_visit import NEAR, ROSA, seed, visit_until_location

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 the stove, lit"
LOCAL_SECRET = b"\xff\xd8\xff SECRET_KEY=never-leave-this-machine"


def send_photo(env: BotEnv, file_id: str) -> None:
    """Reach the photo step of /visita and send the photo `file_id`."""
    seed(env)
    env.enrol(ROSA)
    visit_until_location(env)
    env.post(env.message(ROSA, location=NEAR))
    env.post(env.message(ROSA, photo=photo_of(file_id)))


def stored_media(env: BotEnv) -> list[bytes]:
    """Every file kept under MEDIA_ROOT."""
    root = Path(env.services.settings.media_root)
    return [p.read_bytes() for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("hostile", ["absolute", "dotdot", "relative"])
def test_a_file_path_naming_a_local_file_is_never_read(
    bot_env: BotEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile: str
):
    secret = tmp_path / "work" / ".env"
    secret.parent.mkdir()
    secret.write_bytes(LOCAL_SECRET)
    monkeypatch.chdir(secret.parent)  # ".env" and "../work/.env" name it from here
    path = {"absolute": str(secret), "dotdot": "../work/.env", "relative": ".env"}[hostile]
    bot_env.api.add_file("hostile", JPEG, path=path)
    send_photo(bot_env, "hostile")
    assert bot_env.last(ROSA).startswith(staff_texts.PHOTO_FAILED)
    assert stored_media(bot_env) == [] and all_rows(bot_env.services, Visit) == []
    assert bot_env.updates()[-1].status == "handled"


def test_a_photo_larger_than_its_claim_is_refused_while_streaming(bot_env: BotEnv):
    bot_env.api.add_file("huge", JPEG + b"\0" * (25 * 1024 * 1024), size=1024)
    send_photo(bot_env, "huge")
    assert bot_env.last(ROSA).startswith(
        staff_texts.PHOTO_TOO_LARGE.format(mb=MAX_PHOTO_BYTES // 2**20))
    assert stored_media(bot_env) == [] and all_rows(bot_env.services, Visit) == []


@pytest.mark.parametrize("content", [b"%PDF-1.7 a document", b"MZ\x90\x00 a program", b""])
def test_content_that_is_not_an_image_is_refused_with_a_reply(bot_env: BotEnv, content: bytes):
    bot_env.api.add_file("not-image", content)
    send_photo(bot_env, "not-image")
    assert bot_env.last(ROSA).startswith(staff_texts.PHOTO_NOT_IMAGE)
    assert stored_media(bot_env) == [] and all_rows(bot_env.services, Visit) == []


@pytest.mark.parametrize("magic", [JPEG, b"\x89PNG\r\n\x1a\n rest", b"RIFF\x10\0\0\0WEBPVP8 "])
def test_jpeg_png_and_webp_are_kept(bot_env: BotEnv, magic: bytes):
    bot_env.api.add_file("picture", magic)
    send_photo(bot_env, "picture")
    bot_env.say(ROSA, staff_texts.CONFIRM)
    assert bot_env.last(ROSA) == staff_texts.VISIT_SAVED.format(code="ABC123")
    assert stored_media(bot_env) == [magic]


def test_a_download_that_stalls_ends_at_its_deadline(fake_telegram):
    fake_telegram.add_file("slow", JPEG)
    fake_telegram.stall_next(1, 5.0)
    base = f"{fake_telegram.url}/file/bot{fake_telegram.token}"

    async def fetch() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(PhotoRefused) as refused:
            await download_file(base, "photos/slow.jpg", deadline=0.5)
        assert str(refused.value) == staff_texts.PHOTO_FAILED
        return loop.time() - started

    assert asyncio.run(fetch()) < 2.0
