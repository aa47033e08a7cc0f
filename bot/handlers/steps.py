"""Pieces shared by the conversations' steps: asking, keeping answers, yes/no, location, photo,
and correcting one answer from a summary (the step asks again, then the summary returns).
"""

from collections.abc import Callable, Collection, Coroutine, Mapping
from typing import Any

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot import keyboards
from bot.context import BotContext
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


async def yes_no_or_ask_again(update: Update) -> bool | None:
    """The yes/no answer, or None after asking to use the buttons."""
    answer = yes_no(update)
    if answer is None:
        await ask(update, staff_texts.CHOOSE_BUTTON, keyboards.choices(YES_NO))
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
