"""The gate every update passes first, /start, /ayuda, /cancelar, fallbacks and the error handler.

Bad input never loses an update: group chats, edited messages and unknown accounts are
answered or ignored here, before any conversation sees them.
"""

import logging
import warnings
from collections.abc import Iterable, Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ChatType
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from core.privacy.access import log_shown, staff_actor
from core.refusals import Refused
from core.staffbot import texts as staff_texts
from core.staffbot.members import (
    Staff,
    StaffError,
    account_revoked,
    redeem_invite,
    staff_for_user,
)
from core.staffbot.refusal_texts import refusal_text
from core.staffbot.state import forget_person

log = logging.getLogger(__name__)
MAX_TEXT = 1000  # longer answers are refused with a clear reply


def districts_text(staff: Staff) -> str:
    """The districts a member acts in, for a reply."""
    return ", ".join(staff.districts) if staff.scope() is not None else staff_texts.ALL_DISTRICTS


def role_text(staff: Staff) -> str:
    """The member's role, in Spanish."""
    return staff_texts.ROLE_LABELS.get(staff.role, staff.role)


async def gate(update: Update, context: BotContext) -> None:
    """Let only private, new messages of linked staff (and /start) reach the handlers."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        context.handling.ignore("not a private chat")
        raise ApplicationHandlerStop
    if update.edited_message is not None:
        context.handling.ignore("an edited message")
        await chat.send_message(staff_texts.EDITED_IGNORED)
        raise ApplicationHandlerStop
    context.handling.staff = staff_for_user(context.deps.uow(), telegram_user_id=user.id)
    if context.handling.staff is not None:
        if update.message and len(update.message.text or "") > MAX_TEXT:
            await update.message.reply_text(staff_texts.TOO_LONG.format(limit=MAX_TEXT))
            raise ApplicationHandlerStop
        return
    revoked = account_revoked(context.deps.uow(), telegram_user_id=user.id)
    if revoked:  # whatever task they were in ends with their access
        forget_person(context.deps.uow(), chat_id=chat.id, user_id=user.id)
        context.answers.clear()
    text = (update.message.text if update.message else "") or ""
    if text.startswith("/start "):
        # Redeeming an invite is the one thing an unknown account may do, and no
        # conversation of a revoked member's sees it.
        await start(update, context)
        raise ApplicationHandlerStop
    if revoked:
        context.handling.ignore("a revoked member")
    if update.callback_query is not None:
        await update.callback_query.answer(staff_texts.NOT_ALLOWED)
    else:
        await chat.send_message(staff_texts.ACCESS_REVOKED if revoked
                                else staff_texts.UNKNOWN_ACCOUNT)
    raise ApplicationHandlerStop


async def start(update: Update, context: BotContext) -> None:
    """Link this Telegram account with an invite code: /start CODE."""
    assert update.message is not None and update.effective_user is not None
    staff = context.handling.staff
    if staff is not None:
        await update.message.reply_text(staff_texts.ALREADY_LINKED.format(
            role=role_text(staff), districts=districts_text(staff)))
        return
    code = (update.message.text or "").split(maxsplit=1)[1:] or [""]
    try:
        staff = redeem_invite(context.deps.uow(), code=code[0], now=context.now(),
                              telegram_user_id=update.effective_user.id,
                              chat_id=update.message.chat_id)
    except StaffError as refused:
        if account_revoked(context.deps.uow(), telegram_user_id=update.effective_user.id):
            context.handling.ignore("a revoked member's invite code was refused")
        await update.message.reply_text(refusal_text(refused))
        return
    await update.message.reply_text(staff_texts.WELCOME.format(
        name=staff.name or update.effective_user.first_name, role=role_text(staff),
        districts=districts_text(staff), help=staff_texts.HELP))


async def show_help(update: Update, context: BotContext) -> None:
    """/ayuda: the commands (inside a conversation, the conversation carries on)."""
    assert update.effective_chat is not None
    await update.effective_chat.send_message(staff_texts.HELP)


async def cancel(update: Update, context: BotContext) -> int:
    """/cancelar inside a conversation: drop its answers and end it."""
    assert update.effective_chat is not None
    context.answers.clear()
    await update.effective_chat.send_message(staff_texts.CANCELLED,
                                             reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/cancelar outside any conversation."""
    assert update.effective_chat is not None
    await update.effective_chat.send_message(staff_texts.NOTHING_TO_CANCEL)


async def busy(update: Update, context: BotContext) -> None:
    """Anything unexpected inside a conversation: say how to go on; the state stays."""
    if update.callback_query is not None:
        await update.callback_query.answer(staff_texts.IN_CONVERSATION)
        return
    assert update.effective_chat is not None
    command = update.message is not None and (update.message.text or "").startswith("/")
    await update.effective_chat.send_message(
        staff_texts.IN_CONVERSATION if command else staff_texts.NEEDS_TEXT)


def fallbacks() -> list[BaseHandler]:  # type: ignore[type-arg]
    """What every conversation accepts at any step: /cancelar, /ayuda, and anything else."""
    return [
        CommandHandler("cancelar", cancel),
        CommandHandler("ayuda", show_help),
        MessageHandler(filters.ALL, busy),
        TypeHandler(Update, busy),
    ]


async def not_understood(update: Update, context: BotContext) -> None:
    """A message no handler wanted (a sticker, stray text): point to /ayuda."""
    context.handling.ignore("no handler wanted it")
    if update.callback_query is not None:
        await update.callback_query.answer(staff_texts.BUTTON_EXPIRED)
        return
    assert update.effective_chat is not None
    await update.effective_chat.send_message(staff_texts.NOT_UNDERSTOOD)


async def on_error(update: object, context: BotContext) -> None:
    """Log first; the runner then marks the stored update failed and retries it later."""
    log.error("error while handling a Telegram update", exc_info=context.error)
    if context.error is not None:
        context.handling.errors.append(context.error)


def log_shown_to(context: BotContext, kind: str, codes: Iterable[str], purpose: str) -> None:
    """Record in the access log that the member was shown `kind` of these stoves' households."""
    staff = context.staff
    log_shown(context.deps.uow(), actor=staff_actor(staff.id, staff.name), kind=kind,
              stove_codes=codes, purpose=purpose, now=context.now())


def button_conversation(
    name: str,
    entry: BaseHandler,  # type: ignore[type-arg]
    states: Mapping[object, list[BaseHandler]],  # type: ignore[type-arg]
) -> ConversationHandler:  # type: ignore[type-arg]
    """A conversation entered by an inline button, kept in the database under `name`.

    PTB warns that a CallbackQueryHandler entry is tracked per chat, not per message: per
    chat is what we want (one pending answer per member), so that warning is silenced here.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[entry],
            states=dict(states),
            fallbacks=fallbacks(),
            name=name,
            persistent=True,
        )


async def answer_refusal(update: Update, refused: Refused, **known: object) -> None:
    """Say why core refused: as an alert on the pressed button, else as a message."""
    text = refusal_text(refused, **known)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
        return
    assert update.effective_chat is not None
    await update.effective_chat.send_message(text)


async def page_offset(update: Update) -> int:
    """Where a listing starts: 0 for its command, else where its "more" button says (answered)."""
    query = update.callback_query
    if query is None:
        return 0
    await query.answer()
    return int((query.data or "page:0").rsplit(":", 1)[1])


def more_keyboard(
    prefix: str, shown_to: int, total: int, label: str = staff_texts.MORE
) -> InlineKeyboardMarkup | None:
    """A "more" button carrying where the next page starts, while items remain (else None)."""
    if shown_to >= total:
        return None
    button = InlineKeyboardButton(label, callback_data=f"{prefix}:{shown_to}")
    return InlineKeyboardMarkup([[button]])
