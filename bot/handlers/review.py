"""/revisar: the household messages the parser could not read, each resolved in one or two taps.

Each item comes with buttons: days of use 0-7, days of open fire 0-7 (one tap each), use
and open fire together (two more taps), a problem (opens a ticket), registration to a stove
code (typed), a confirmed opt-out, or nothing to record. Button data ("r:u:42:5") is
untrusted input: core checks the member's rights on message 42's district at every press,
and a second press, or a colleague's, records nothing more.
"""

import re
from enum import IntEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.handlers import common
from core.messaging.review import Resolution, ReviewItem, open_items, resolve_item
from core.messaging.review_readings import Reading, Reviewer, ReviewRefused, staff_reviewer
from core.periods import local_date
from core.staffbot import texts as staff_texts

KEY = "review"
PAGE = 5
DAYS = range(8)
ONE_TAP = re.compile(r"^r:(u|f|p|s|n):(\d{1,10})(?::([0-7]))?$")
BOTH = re.compile(r"^r:b(?:u|f)?:(\d{1,10})(?::([0-7]))?(?::([0-7]))?$")
REGISTER = re.compile(r"^r:g:(\d{1,10})$")


class Step(IntEnum):
    """Waiting for the stove code a phone is to be registered to."""

    CODE = 0


def reviewer(context: BotContext) -> Reviewer:
    """The member as the review inbox sees them: their name, id and districts."""
    return staff_reviewer(context.staff)


def _digits(prefix: str, label: str) -> list[list[InlineKeyboardButton]]:
    buttons = [InlineKeyboardButton(label.format(days=d), callback_data=f"{prefix}:{d}")
               for d in DAYS]
    return [buttons[:4], buttons[4:]]


def keyboard(message_id: int) -> InlineKeyboardMarkup:
    """Every reading of an item: the common ones one tap away."""
    m = message_id
    return InlineKeyboardMarkup([
        *_digits(f"r:u:{m}", staff_texts.REVIEW_USAGE),
        *_digits(f"r:f:{m}", staff_texts.REVIEW_FIRE),
        [InlineKeyboardButton(staff_texts.REVIEW_BOTH, callback_data=f"r:b:{m}"),
         InlineKeyboardButton(staff_texts.REVIEW_PROBLEM, callback_data=f"r:p:{m}")],
        [InlineKeyboardButton(staff_texts.REVIEW_REGISTER, callback_data=f"r:g:{m}"),
         InlineKeyboardButton(staff_texts.REVIEW_STOP, callback_data=f"r:s:{m}")],
        [InlineKeyboardButton(staff_texts.REVIEW_NOTHING, callback_data=f"r:n:{m}")],
    ])


def item_text(item: ReviewItem, tz: str) -> str:
    """One item as the member reads it (the phone masked)."""
    reports = ", ".join(
        f"{week}: {'-' if days is None else days}" + ("" if fire is None else f"/f{fire}")
        for week, days, fire in item.recent)
    recent = (staff_texts.REVIEW_RECENT.format(reports=reports) if reports
              else staff_texts.REVIEW_RECENT_NONE)
    return staff_texts.REVIEW_ITEM.format(
        message=item.message_id, received=local_date(item.received_at, tz).isoformat(),
        community=item.community or "—",
        district=item.district or staff_texts.REVIEW_NO_HOUSEHOLD,
        code=item.stove_code or "—", phone=item.phone, week=item.week, words=item.body,
        recent=recent)


async def list_items(update: Update, context: BotContext) -> None:
    """/revisar, and the "more" button: a page of open items, oldest first, with buttons."""
    offset = await common.page_offset(update)
    tz = context.deps.settings.program_timezone
    items, total = open_items(context.deps.uow(), reviewer(context), tz=tz, offset=offset,
                              limit=PAGE)
    chat = update.effective_chat
    assert chat is not None
    if not items:
        await chat.send_message(staff_texts.REVIEW_NONE)
        return
    if offset == 0:
        await chat.send_message(staff_texts.REVIEW_HEADER.format(count=total))
    common.log_shown_to(context, "message_body", [i.stove_code or "" for i in items],
                        "bot /revisar")
    for item in items:
        await chat.send_message(item_text(item, tz), reply_markup=keyboard(item.message_id))
    more = common.more_keyboard("r:page", offset + PAGE, total)
    if more is not None:
        await chat.send_message(f"{offset + PAGE}/{total}", reply_markup=more)


def _reading(kind: str, number: str | None) -> Reading:
    days = int(number) if number is not None else None
    if kind == "u":
        return Reading("usage", days_used=days)
    if kind == "f":
        return Reading("open_fire", open_fire_days=days)
    return Reading({"p": "problem", "s": "stop", "n": "nothing"}[kind])


def done_text(resolution: Resolution) -> str:
    """What the member is told once an item is resolved (or had been, by someone else)."""
    said = staff_texts.REVIEW_READINGS[resolution.reading].format(
        days=resolution.days_used, fire=resolution.open_fire_days)
    if resolution.already:
        return staff_texts.REVIEW_ALREADY.format(message=resolution.message_id, reading=said,
                                                 name=resolution.resolved_by)
    told = staff_texts.REVIEW_TOLD if resolution.household_told else ""
    return staff_texts.REVIEW_DONE.format(message=resolution.message_id, reading=said,
                                          name=resolution.resolved_by, told=told)


async def _resolve(update: Update, context: BotContext, message_id: int,
                   reading: Reading) -> bool:
    """Resolve and say so under the item; False (and the reason said) when refused."""
    query = update.callback_query
    settings = context.deps.settings
    try:
        resolution = resolve_item(
            context.deps.uow(), reviewer(context), message_id, reading, now=context.now(),
            tz=settings.program_timezone, sms_provider=settings.sms_provider)
    except ReviewRefused as refused:
        await common.answer_refusal(update, refused, message=message_id)
        return False
    text = done_text(resolution)
    if query is not None:
        await query.answer()
        if query.message is not None:
            await query.edit_message_text(text)
            return True
    assert update.effective_chat is not None
    await update.effective_chat.send_message(text)
    return True


async def one_tap(update: Update, context: BotContext) -> None:
    """Use n, open fire n, problem, opt-out or nothing: resolved at once."""
    query = update.callback_query
    assert query is not None
    match = ONE_TAP.match(query.data or "")
    if match is None or (match[1] in "uf") != (match[3] is not None):
        await query.answer(staff_texts.BUTTON_EXPIRED)
        return
    try:
        reading = _reading(match[1], match[3])
    except ReviewRefused:
        await query.answer(staff_texts.BUTTON_EXPIRED)
        return
    await _resolve(update, context, int(match[2]), reading)


async def both(update: Update, context: BotContext) -> None:
    """Use and open fire: ask the days of use, then of open fire, then record both."""
    query = update.callback_query
    assert query is not None
    match = BOTH.match(query.data or "")
    if match is None:
        await query.answer(staff_texts.BUTTON_EXPIRED)
        return
    message_id, days, fire = int(match[1]), match[2], match[3]
    if days is not None and fire is not None:
        await _resolve(update, context, message_id,
                       Reading("both", days_used=int(days), open_fire_days=int(fire)))
        return
    await query.answer()
    if days is None:
        text = staff_texts.REVIEW_ASK_BOTH_USAGE.format(message=message_id)
        rows = _digits(f"r:bu:{message_id}", "{days}")
    else:
        text = staff_texts.REVIEW_ASK_BOTH_FIRE.format(message=message_id, days=days)
        rows = _digits(f"r:bf:{message_id}:{days}", "{days}")
    await query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def ask_code(update: Update, context: BotContext) -> int:
    """The "register" button: ask for the stove code."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    match = REGISTER.match(query.data or "")
    if match is None:
        await query.answer(staff_texts.BUTTON_EXPIRED)
        return ConversationHandler.END
    context.answers[KEY] = {"message": int(match[1])}
    await query.answer()
    await update.effective_chat.send_message(
        staff_texts.REVIEW_ASK_CODE.format(message=match[1]))
    return Step.CODE


async def code(update: Update, context: BotContext) -> int:
    """The stove code: register the phone, or ask again when the code is no stove."""
    assert update.message is not None
    message_id = int(context.answers.get(KEY, {}).get("message", 0))
    try:
        reading = Reading("register", stove_code=(update.message.text or "").strip())
    except ReviewRefused as refused:
        await common.answer_refusal(update, refused, message=message_id)
        return Step.CODE
    if await _resolve(update, context, message_id, reading):
        context.answers.pop(KEY, None)
        return ConversationHandler.END
    return Step.CODE


def handlers() -> list[object]:
    """/revisar, its buttons and the registration conversation."""
    conversation = common.button_conversation(
        KEY,
        CallbackQueryHandler(ask_code, pattern=r"^r:g:"),
        {Step.CODE: [MessageHandler(filters.TEXT & ~filters.COMMAND, code)]},
    )
    return [
        conversation,
        CommandHandler("revisar", list_items),
        CallbackQueryHandler(list_items, pattern=r"^r:page:\d{1,6}$"),
        CallbackQueryHandler(both, pattern=r"^r:b"),
        CallbackQueryHandler(one_tap, pattern=r"^r:(u|f|p|s|n):"),
    ]
