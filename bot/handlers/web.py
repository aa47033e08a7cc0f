"""/web: a one-time link into the coordinator's console, valid for 15 minutes."""

from telegram import LinkPreviewOptions, Update

from bot.context import BotContext
from core.console.login import create_login_link, login_url
from core.staffbot import texts as staff_texts


async def login_link(update: Update, context: BotContext) -> None:
    """Send the member a fresh link; no preview, so Telegram's fetch cannot spend it."""
    assert update.effective_chat is not None
    settings = context.deps.settings
    token = create_login_link(context.deps.uow(), staff_id=context.staff.id, now=context.now())
    url = login_url(settings.public_base_url, token)
    text = (staff_texts.WEB_LINK if settings.public_base_url else staff_texts.WEB_NO_ADDRESS)
    await update.effective_chat.send_message(
        text.format(url=url), link_preview_options=LinkPreviewOptions(is_disabled=True))
