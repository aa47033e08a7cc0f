"""Pieces shared by the conversations' steps: asking, keeping answers, yes/no, location, photo,
and correcting one answer from a summary (the step asks again, then the summary returns).
"""

from collections.abc import Callable, Collection, Coroutine, Mapping
from typing import Any

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot import keyboards
from bot.context import BotContext
from bot.handlers import common
from bot.media import PhotoRefused, keep_photo
from core.staffbot import texts as staff_texts

Step = Callable[[Update, BotContext], Coroutine[Any, Any, int]]
YES_NO = [staff_texts.YES, staff_texts.NO]
FIXING = "fixing"  # among the answers while one answer is being corrected


async def ask(update: Update, text: str, markup: ReplyKeyboardMarkup | None = None) -> None:
    """Send the next question; without a keyboard, the previous one is taken away."""
    assert update.effective_chat is not None
    await update.effective_chat.send_message(text, reply_markup=markup or ReplyKeyboardRemove())


def answers(context: BotContext, key: str) -> dict[str, Any]:
    """The answers of conversation `key` so far."""
    kept: dict[str, Any] = context.answers.setdefault(key, {})
    return kept


def insist(text: str, markup: Callable[[], ReplyKeyboardMarkup | None], state: int) -> Step:
    """A step for the wrong kind of answer: say what is expected and stay."""

    async def again(update: Update, context: BotContext) -> int:
        """Repeat what this step expects."""
        await ask(update, text, markup())
        return state

    return again


def yes_no(update: Update) -> bool | None:
    """Sí → True, No → False, anything else → None."""
    text = (update.message.text or "").strip() if update.message else ""
    return {staff_texts.YES: True, staff_texts.NO: False}.get(text)


async def ask_yes_no(update: Update, text: str, state: int) -> int:
    """Ask a yes/no question with its two buttons and wait in `state`."""
    await ask(update, text, keyboards.choices(YES_NO))
    return state


async def yes_no_or_ask_again(update: Update) -> bool | None:
    """The yes/no answer, or None after asking to use the buttons."""
    answer = yes_no(update)
    if answer is None:
        await ask(update, staff_texts.CHOOSE_BUTTON, keyboards.choices(YES_NO))
    return answer


async def keep_yes_no(update: Update, context: BotContext, key: str, name: str) -> bool | None:
    """The yes/no answer kept among the answers as `name`, or None after asking again."""
    answer = await yes_no_or_ask_again(update)
    if answer is not None:
        answers(context, key)[name] = answer
    return answer


def keep_location(update: Update, context: BotContext, key: str) -> None:
    """Store the shared location's coordinates among the answers."""
    assert update.message is not None and update.message.location is not None
    kept = answers(context, key)
    kept.pop("no_location_reason", None)
    kept.update(latitude=update.message.location.latitude,
                longitude=update.message.location.longitude)


def drop_location(context: BotContext, key: str) -> None:
    """Forget a location kept before (the member chose «Sin ubicación» on correcting)."""
    for name in ("latitude", "longitude"):
        answers(context, key).pop(name, None)


async def kept_photo(update: Update, context: BotContext, key: str) -> bool:
    """Download the photo into MEDIA_ROOT and keep its hash; False after saying why not."""
    assert update.message is not None
    try:
        answers(context, key)["photo"] = await keep_photo(update.message, context)
    except PhotoRefused as refused:
        await ask(update, str(refused), keyboards.choices([staff_texts.SKIP_PHOTO]))
        return False
    return True


def skip_photo_keyboard() -> ReplyKeyboardMarkup:
    """Just the skip button."""
    return keyboards.choices([staff_texts.SKIP_PHOTO])


async def offer_fields(update: Update, labels: Collection[str], state: int) -> int:
    """"Corregir": a button per answer that can be asked again."""
    await ask(update, staff_texts.CORRECT_WHICH, keyboards.choices(labels))
    return state


async def fix_field(
    update: Update, context: BotContext, key: str, askers: Mapping[str, Step], state: int
) -> int:
    """Ask the chosen answer's question again; `then` brings the summary back after it."""
    assert update.message is not None
    asker = askers.get((update.message.text or "").strip())
    if asker is None:
        await ask(update, staff_texts.CHOOSE_BUTTON, keyboards.choices(askers))
        return state
    answers(context, key)[FIXING] = True
    return await asker(update, context)


async def then(
    update: Update, context: BotContext, key: str, *, complete: Callable[[dict[str, Any]], bool],
    summary: Step, following: Step,
) -> int:
    """The next question, or the summary again once a corrected answer completes it."""
    kept = answers(context, key)
    if kept.get(FIXING) and complete(kept):
        del kept[FIXING]
        return await summary(update, context)
    return await following(update, context)


async def photo_then(
    update: Update, context: BotContext, key: str, state: int, following: Step
) -> int:
    """A photo kept (the step stays when it is refused), or «Omitir foto»; then `following`."""
    assert update.message is not None
    if update.message.photo:
        if not await kept_photo(update, context, key):
            return state
    else:
        answers(context, key)["photo"] = None
    return await following(update, context)


Handlers = list[BaseHandler]  # type: ignore[type-arg]


def location_handlers(
    on_location: Step, skip: str, on_skip: Step, markup: Callable[[], ReplyKeyboardMarkup],
    state: int,
) -> Handlers:
    """A shared location, the skip (or go-on) button, or else: say what is expected."""
    return [
        MessageHandler(filters.LOCATION, on_location),
        MessageHandler(filters.Text([skip]), on_skip),
        MessageHandler(filters.ALL & ~filters.COMMAND, insist(
            staff_texts.NEEDS_LOCATION, markup, state)),
    ]


def photo_handlers(on_photo: Step, state: int) -> Handlers:
    """A photo or «Omitir foto» (both to `on_photo`), or else: say what is expected."""
    return [
        MessageHandler(filters.PHOTO | filters.Text([staff_texts.SKIP_PHOTO]), on_photo),
        MessageHandler(filters.ALL & ~filters.COMMAND, insist(
            staff_texts.NEEDS_PHOTO, skip_photo_keyboard, state)),
    ]


def summary_states(
    confirm: Step, key: str, askers: Callable[[BotContext], Mapping[str, Step]], *,
    confirm_state: int, fix_state: int,
) -> dict[object, Handlers]:
    """The summary's Confirmar / Corregir / Cancelar, and the choice of answer to correct."""

    async def correct(update: Update, context: BotContext) -> int:
        """"Corregir" under the summary: which answer?"""
        return await offer_fields(update, list(askers(context)), fix_state)

    async def fix(update: Update, context: BotContext) -> int:
        """The answer to correct: its question again."""
        return await fix_field(update, context, key, askers(context), fix_state)

    return {
        confirm_state: [
            MessageHandler(filters.Text([staff_texts.CONFIRM]), confirm),
            MessageHandler(filters.Text([staff_texts.CORRECT]), correct),
            MessageHandler(filters.Text([staff_texts.CANCEL]), common.cancel),
            MessageHandler(filters.ALL & ~filters.COMMAND, insist(
                staff_texts.CHOOSE_BUTTON, keyboards.confirm, confirm_state)),
        ],
        fix_state: [MessageHandler(filters.TEXT & ~filters.COMMAND, fix)],
    }
