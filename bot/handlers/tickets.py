"""/tickets and the FALLA alerts' buttons: take, call, see, note and close a repair ticket.

Button data ("t:take:42") is untrusted input: core checks the member's rights on ticket 42
at the press and again when the note or the resolution arrives. Taking a ticket shows its
technician the household's phone as a tel: link; "Llamar" shows it again, to them only.
"""

import html
import re
from enum import IntEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.handlers import common
from core.inputs import INT32_MAX
from core.periods import local_date
from core.repairs.tickets import (
    LIST_ACTIONS,
    PAGE,
    TAKEN_ACTIONS,
    TicketRefused,
    TicketView,
    check_ticket,
    close_ticket,
    note_ticket,
    open_tickets,
    take_ticket,
    ticket_buttons,
    ticket_contact,
    ticket_view,
)
from core.staffbot import texts as staff_texts

KEY = "ticket"
ACTION = re.compile(r"^t:(take|note|close|call|view):(\d{1,12})$")


class Step(IntEnum):
    """Waiting for the text of a note or of a resolution."""

    NOTE = 0
    RESOLUTION = 1


def _keyboard(ticket_id: int,
              actions: tuple[tuple[str, str], ...] = LIST_ACTIONS) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(label, callback_data=data) for label, data in row]
        for row in ticket_buttons(ticket_id, actions)])


def _line(view: TicketView, tz: str) -> str:
    taken = staff_texts.TICKET_TAKEN_BY.format(name=view.taken_by) if view.taken_by else ""
    return staff_texts.TICKET_LINE.format(
        ticket=view.id, opened=local_date(view.opened_at, tz).isoformat(),
        community=view.community or "—", district=view.district, code=view.stove_code,
        phone=view.phone, words=view.words, taken=taken)


async def list_tickets(update: Update, context: BotContext) -> None:
    """/tickets, and the "more" button: a page of open tickets, each with its buttons."""
    offset = await common.page_offset(update)
    views, total = open_tickets(context.deps.uow(), context.staff, offset=offset)
    chat = update.effective_chat
    assert chat is not None
    if not views:
        await chat.send_message(staff_texts.TICKETS_NONE)
        return
    if offset == 0:
        await chat.send_message(staff_texts.TICKETS_HEADER.format(count=total))
    common.log_shown_to(context, "message_body", [v.stove_code for v in views], "bot /tickets")
    tz = context.deps.settings.program_timezone
    for view in views:
        await chat.send_message(_line(view, tz), reply_markup=_keyboard(view.id))
    more = common.more_keyboard("t:page", offset + PAGE, total, staff_texts.TICKETS_MORE)
    if more is not None:
        await chat.send_message(f"{offset + PAGE}/{total}", reply_markup=more)


async def _pressed(update: Update, context: BotContext) -> tuple[str, int] | None:
    """The action and ticket of a button, if the member may act on it (else answered)."""
    query = update.callback_query
    assert query is not None
    match = ACTION.match(query.data or "")
    if match is None or int(match[2]) > INT32_MAX:  # no ticket has such an id: a forged button
        context.handling.ignore("a button naming no possible ticket")
        await query.answer(staff_texts.BUTTON_EXPIRED)
        return None
    ticket_id = int(match[2])
    try:
        check_ticket(context.deps.uow(), context.staff, ticket_id)
    except TicketRefused as refused:
        await common.answer_refusal(update, refused)
        return None
    return match[1], ticket_id


async def take(update: Update, context: BotContext) -> None:
    """The "take" button: the ticket is the member's, and so is the household's phone."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return
    take_ticket(context.deps.uow(), context.staff, pressed[1], now=context.now())
    assert update.callback_query is not None
    await update.callback_query.answer(staff_texts.TICKET_TOOK.format(ticket=pressed[1]))
    await _send_contact(update, context, pressed[1],
                        staff_texts.TICKET_TOOK.format(ticket=pressed[1]) + "\n")


async def call(update: Update, context: BotContext) -> None:
    """The "call" button: the full phone, for the technician who took the ticket only."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return
    assert update.callback_query is not None
    await update.callback_query.answer()
    await _send_contact(update, context, pressed[1], "")


async def _send_contact(update: Update, context: BotContext, ticket_id: int, lead: str) -> None:
    assert update.effective_chat is not None and update.callback_query is not None
    try:
        contact = ticket_contact(context.deps.uow(), context.staff, ticket_id, now=context.now())
    except TicketRefused:
        await update.effective_chat.send_message(lead + staff_texts.TICKET_TAKE_FIRST)
        return
    text = lead + staff_texts.TICKET_PHONE.format(
        ticket=ticket_id, household=html.escape(contact.household), phone=contact.phone)
    await update.effective_chat.send_message(text, parse_mode=ParseMode.HTML,
                                             reply_markup=_keyboard(ticket_id, TAKEN_ACTIONS))


async def view(update: Update, context: BotContext) -> None:
    """The "see" button: the ticket as listed, with its buttons."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return
    assert update.callback_query is not None and update.effective_chat is not None
    await update.callback_query.answer()
    shown = ticket_view(context.deps.uow(), context.staff, pressed[1])
    common.log_shown_to(context, "message_body", [shown.stove_code], "bot /tickets")
    await update.effective_chat.send_message(
        _line(shown, context.deps.settings.program_timezone), reply_markup=_keyboard(shown.id))


async def ask_text(update: Update, context: BotContext) -> int:
    """The "note" or "close" button: ask for the text."""
    pressed = await _pressed(update, context)
    if pressed is None:
        return ConversationHandler.END
    action, ticket_id = pressed
    context.answers[KEY] = {"ticket": ticket_id}
    assert update.callback_query is not None and update.effective_chat is not None
    await update.callback_query.answer()
    if action == "note":
        await update.effective_chat.send_message(staff_texts.TICKET_ASK_NOTE.format(
            ticket=ticket_id))
        return Step.NOTE
    await update.effective_chat.send_message(staff_texts.TICKET_ASK_CLOSE.format(
        ticket=ticket_id))
    return Step.RESOLUTION


async def note(update: Update, context: BotContext) -> int:
    """The note's text."""
    return await _finish(update, context, closing=False)


async def resolution(update: Update, context: BotContext) -> int:
    """What was done: the ticket is closed and the household told."""
    return await _finish(update, context, closing=True)


async def _finish(update: Update, context: BotContext, *, closing: bool) -> int:
    assert update.message is not None and update.effective_chat is not None
    ticket_id = int(context.answers.pop(KEY, {}).get("ticket", 0))
    text = update.message.text or ""
    try:
        if closing:
            close_ticket(context.deps.uow(), context.staff, ticket_id, text, now=context.now(),
                         sms_provider=context.deps.settings.sms_provider)
        else:
            note_ticket(context.deps.uow(), context.staff, ticket_id, text, now=context.now())
    except TicketRefused:
        await update.effective_chat.send_message(staff_texts.TICKET_GONE.format(
            ticket=ticket_id))
        return ConversationHandler.END
    done = staff_texts.TICKET_CLOSED if closing else staff_texts.TICKET_NOTED
    await update.effective_chat.send_message(done.format(ticket=ticket_id))
    return ConversationHandler.END


def handlers() -> list[object]:
    """/tickets, the page and take buttons, and the note/close conversation."""
    text = filters.TEXT & ~filters.COMMAND
    conversation = common.button_conversation(
        KEY,
        CallbackQueryHandler(ask_text, pattern=r"^t:(note|close):"),
        {Step.NOTE: [MessageHandler(text, note)],
         Step.RESOLUTION: [MessageHandler(text, resolution)]},
    )
    return [
        conversation,
        CommandHandler("tickets", list_tickets),
        CallbackQueryHandler(list_tickets, pattern=r"^t:page:\d{1,6}$"),
        CallbackQueryHandler(take, pattern=r"^t:take:"),
        CallbackQueryHandler(call, pattern=r"^t:call:"),
        CallbackQueryHandler(view, pattern=r"^t:view:"),
    ]
