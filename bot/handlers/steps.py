"""Pieces shared by the conversations' steps: asking, keeping answers, yes/no, location, photo."""

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot import keyboards
from bot.context import BotContext
from bot.media import PhotoRefused, keep_photo
from core.staffbot import texts as staff_texts

Step = Callable[[Update, BotContext], Coroutine[Any, Any, int]]
YES_NO = [staff_texts.YES, staff_texts.NO]


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
    answers(context, key).update(latitude=update.message.location.latitude,
                                 longitude=update.message.location.longitude)


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
