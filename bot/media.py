"""Downloading a photo a member sent (getFile) into MEDIA_ROOT under its SHA-256.

Every peer is hostile, Telegram's answer included: the photo is fetched only over HTTP from
the configured Bot API's file URL, under a relative path of plain segments (python-telegram-bot
would read an absolute or existing local `file_path` from this machine's disk), within a
total deadline, and is kept only if its bytes are within the limit and begin like an image.
"""

import asyncio
import logging
import re
from urllib.parse import quote

import httpx
from telegram import Message
from telegram.error import TelegramError

from bot.context import BotContext
from core.media import is_image, store_media
from core.staffbot import texts as staff_texts

log = logging.getLogger(__name__)
MAX_PHOTO_BYTES = 10 * 1024 * 1024
DOWNLOAD_DEADLINE = 60.0  # seconds for the whole download, connect to last byte
_REMOTE_PATH = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")


class PhotoRefused(Exception):
    """The photo could not be kept; the message says what to do, for the member."""


def _too_large() -> PhotoRefused:
    return PhotoRefused(staff_texts.PHOTO_TOO_LARGE.format(mb=MAX_PHOTO_BYTES // 2**20))


async def keep_photo(message: Message, context: BotContext) -> str:
    """The SHA-256 of the largest size of the message's photo, stored as evidence."""
    photo = message.photo[-1]
    if photo.file_size and photo.file_size > MAX_PHOTO_BYTES:
        raise _too_large()
    try:
        file = await photo.get_file()
    except TelegramError as exc:
        raise PhotoRefused(staff_texts.PHOTO_FAILED) from exc
    base = context.bot.base_file_url
    content = await download_file(base, remote_path(base, file.file_path or ""))
    if not is_image(content):
        raise PhotoRefused(staff_texts.PHOTO_NOT_IMAGE)
    return store_media(context.deps.media_root, content)


def remote_path(base: str, file_path: str) -> str:
    """The file's path under the Bot API file URL; refused unless plainly relative there."""
    # PTB leaves a file_path naming a local file as it is, and prefixes the others.
    relative = file_path.removeprefix(base + "/") if file_path.startswith(base + "/") else ""
    if not _REMOTE_PATH.match(relative) or ".." in relative.split("/"):
        log.warning("getFile answered a file path that is not a plain remote path; refused")
        raise PhotoRefused(staff_texts.PHOTO_FAILED)
    return relative


async def download_file(base: str, path: str, *, deadline: float = DOWNLOAD_DEADLINE) -> bytes:
    """The file's bytes over HTTP, stopped at MAX_PHOTO_BYTES or at the deadline."""
    try:
        async with asyncio.timeout(deadline):
            return await _stream(f"{base}/{quote(path)}")
    except (TimeoutError, httpx.HTTPError) as exc:
        # The exception's text would carry the URL, and the URL the bot token.
        log.warning("the photo download failed: %s", exc.__class__.__name__)
        raise PhotoRefused(staff_texts.PHOTO_FAILED) from None


async def _stream(url: str) -> bytes:
    """GET `url` into memory, refusing as soon as more than the limit arrived."""
    timeout = httpx.Timeout(DOWNLOAD_DEADLINE)
    async with (httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client,
                client.stream("GET", url) as response):
        if response.status_code != 200:
            raise httpx.HTTPStatusError("not 200", request=response.request, response=response)
        content = bytearray()
        async for chunk in response.aiter_bytes():
            content += chunk
            if len(content) > MAX_PHOTO_BYTES:
                raise _too_large()
        return bytes(content)
