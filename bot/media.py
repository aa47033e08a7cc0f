"""Downloading a photo a member sent (getFile) into MEDIA_ROOT under its SHA-256."""

from telegram import Message
from telegram.error import TelegramError

from bot.context import BotContext
from core.media import store_media
from core.staffbot import texts as staff_texts

MAX_PHOTO_BYTES = 10 * 1024 * 1024


class PhotoRefused(Exception):
    """The photo could not be kept; the message says what to do, for the member."""


async def keep_photo(message: Message, context: BotContext) -> str:
    """The SHA-256 of the largest size of the message's photo, stored as evidence."""
    photo = message.photo[-1]
    if photo.file_size and photo.file_size > MAX_PHOTO_BYTES:
        raise PhotoRefused(staff_texts.PHOTO_TOO_LARGE.format(mb=MAX_PHOTO_BYTES // 2**20))
    try:
        file = await photo.get_file()
        if file.file_size and file.file_size > MAX_PHOTO_BYTES:
            raise PhotoRefused(staff_texts.PHOTO_TOO_LARGE.format(mb=MAX_PHOTO_BYTES // 2**20))
        content = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        raise PhotoRefused(staff_texts.PHOTO_FAILED) from exc
    return store_media(context.deps.media_root, content)
