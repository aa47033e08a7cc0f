"""/visita: record a verification visit in the field, with location and photo as evidence.

Stove code (or `/visita CODE`) → found? (no: why) → in use? → condition → open fire still
used? → notes → location → photo; then it is stored through core, which checks the
member's districts again and flags a visit recorded far from the stove.
"""

from enum import IntEnum

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot import keyboards
from bot.context import BotContext
from bot.handlers import common
from bot.handlers.steps import (
    YES_NO,
    answers,
    ask,
    insist,
    keep_location,
    kept_photo,
    skip_photo_keyboard,
    yes_no_or_ask_again,
)
from core.field.staff_visits import (
    FieldVisit,
    VisitRefused,
    record_field_visit,
    stove_to_visit,
)
from core.staffbot import texts as staff_texts

KEY = "visita"
LABEL_TO_CONDITION = {label: key for key, label in staff_texts.CONDITION_LABELS.items()}
TEXT = filters.TEXT & ~filters.COMMAND


class Step(IntEnum):
    """The questions of /visita, in order."""

    CODE = 0
    FOUND = 1
    NOT_FOUND_REASON = 2
    IN_USE = 3
    CONDITION = 4
    OPEN_FIRE = 5
    NOTES = 6
    LOCATION = 7
    PHOTO = 8


async def begin(update: Update, context: BotContext) -> Step:
    """/visita [CODE]: start afresh; with a code, go straight to the stove."""
    context.answers[KEY] = {}
    if context.args:
        return await _stove(update, context, context.args[0])
    await ask(update, staff_texts.VISIT_CODE)
    return Step.CODE


async def code(update: Update, context: BotContext) -> Step:
    """A stove in the member's districts."""
    assert update.message is not None
    return await _stove(update, context, update.message.text or "")


async def _stove(update: Update, context: BotContext, text: str) -> Step:
    try:
        stove = stove_to_visit(context.deps.uow(), context.staff, text)
    except VisitRefused as refused:
        await ask(update, f"{refused} {staff_texts.VISIT_CODE}")
        return Step.CODE
    answers(context, KEY)["code"] = stove.code
    common.log_shown_to(context, "name", [stove.code], "bot /visita")
    await ask(update, staff_texts.VISIT_FOUND.format(
        code=stove.code, household=stove.household, community=stove.community,
        district=stove.district), keyboards.choices(YES_NO))
    return Step.FOUND


async def found(update: Update, context: BotContext) -> Step:
    """Found: ask about use; not found: ask why."""
    answer = await yes_no_or_ask_again(update)
    if answer is None:
        return Step.FOUND
    answers(context, KEY)["found"] = answer
    if not answer:
        await ask(update, staff_texts.VISIT_NOT_FOUND_REASON)
        return Step.NOT_FOUND_REASON
    await ask(update, staff_texts.VISIT_IN_USE, keyboards.choices(YES_NO))
    return Step.IN_USE


async def not_found_reason(update: Update, context: BotContext) -> Step:
    """Why the stove was not found; then the location."""
    assert update.message is not None
    answers(context, KEY)["not_found_reason"] = (update.message.text or "").strip()[:200]
    await ask(update, staff_texts.VISIT_LOCATION, keyboards.location())
    return Step.LOCATION


async def in_use(update: Update, context: BotContext) -> Step:
    """Whether the improved stove is in use."""
    answer = await yes_no_or_ask_again(update)
    if answer is None:
        return Step.IN_USE
    answers(context, KEY)["in_use"] = answer
    await ask(update, staff_texts.VISIT_CONDITION,
               keyboards.choices(staff_texts.CONDITION_LABELS.values()))
    return Step.CONDITION


async def condition(update: Update, context: BotContext) -> Step:
    """The stove's condition, from the keyboard."""
    assert update.message is not None
    chosen = LABEL_TO_CONDITION.get((update.message.text or "").strip())
    if chosen is None:
        await ask(update, staff_texts.CHOOSE_BUTTON,
                   keyboards.choices(staff_texts.CONDITION_LABELS.values()))
        return Step.CONDITION
    answers(context, KEY)["condition"] = chosen
    await ask(update, staff_texts.VISIT_OPEN_FIRE, keyboards.choices(YES_NO))
    return Step.OPEN_FIRE


async def open_fire(update: Update, context: BotContext) -> Step:
    """Whether the open fire is still used beside it (stacking)."""
    answer = await yes_no_or_ask_again(update)
    if answer is None:
        return Step.OPEN_FIRE
    answers(context, KEY)["open_fire_in_use"] = answer
    await ask(update, staff_texts.VISIT_NOTES, keyboards.choices([staff_texts.NO_NOTES]))
    return Step.NOTES


async def notes(update: Update, context: BotContext) -> Step:
    """Free notes, or none."""
    assert update.message is not None
    text = (update.message.text or "").strip()
    answers(context, KEY)["notes"] = "" if text == staff_texts.NO_NOTES else text[:1000]
    await ask(update, staff_texts.VISIT_LOCATION, keyboards.location())
    return Step.LOCATION


async def location(update: Update, context: BotContext) -> Step:
    """Where the member is now."""
    keep_location(update, context, KEY)
    await ask(update, staff_texts.VISIT_PHOTO, skip_photo_keyboard())
    return Step.PHOTO


async def skip_location(update: Update, context: BotContext) -> Step:
    """No location (the visit cannot then be checked against the stove's)."""
    await ask(update, staff_texts.VISIT_PHOTO, skip_photo_keyboard())
    return Step.PHOTO


async def photo(update: Update, context: BotContext) -> int:
    """The photo, downloaded and kept under its hash; then the visit is stored."""
    if not await kept_photo(update, context, KEY):
        return Step.PHOTO
    return await _save(update, context)


async def skip_photo(update: Update, context: BotContext) -> int:
    """No photo."""
    return await _save(update, context)


async def _save(update: Update, context: BotContext) -> int:
    a = context.answers.pop(KEY, {})
    visit = FieldVisit(
        code=a["code"], found=a["found"], not_found_reason=a.get("not_found_reason", ""),
        in_use=a.get("in_use", False), condition=a.get("condition", "good"),
        open_fire_in_use=a.get("open_fire_in_use"), notes=a.get("notes", ""),
        latitude=a.get("latitude"), longitude=a.get("longitude"), photo_sha256=a.get("photo"),
    )
    settings = context.deps.settings
    try:
        recorded = record_field_visit(
            context.deps.uow(), context.staff, visit, now=context.now(),
            tz=settings.program_timezone, flag_km=settings.visit_flag_distance_km)
    except VisitRefused as refused:
        await ask(update, str(refused))
        return ConversationHandler.END
    done = staff_texts.VISIT_SAVED if visit.found else staff_texts.VISIT_NOT_FOUND_SAVED
    await ask(update, done.format(code=visit.code))
    if recorded.far_from_stove and recorded.distance_m is not None:
        await ask(update, staff_texts.VISIT_FAR.format(km=recorded.distance_m / 1000))
    return ConversationHandler.END


def conversation() -> ConversationHandler:  # type: ignore[type-arg]
    """The /visita conversation, kept in the database under the name 'visita'."""
    return ConversationHandler(
        entry_points=[CommandHandler("visita", begin)],
        states={
            Step.CODE: [MessageHandler(TEXT, code)],
            Step.FOUND: [MessageHandler(TEXT, found)],
            Step.NOT_FOUND_REASON: [MessageHandler(TEXT, not_found_reason)],
            Step.IN_USE: [MessageHandler(TEXT, in_use)],
            Step.CONDITION: [MessageHandler(TEXT, condition)],
            Step.OPEN_FIRE: [MessageHandler(TEXT, open_fire)],
            Step.NOTES: [MessageHandler(TEXT, notes)],
            Step.LOCATION: [
                MessageHandler(filters.LOCATION, location),
                MessageHandler(filters.Text([staff_texts.SKIP_LOCATION]), skip_location),
                MessageHandler(filters.ALL & ~filters.COMMAND, insist(
                    staff_texts.NEEDS_LOCATION, keyboards.location, Step.LOCATION)),
            ],
            Step.PHOTO: [
                MessageHandler(filters.PHOTO, photo),
                MessageHandler(filters.Text([staff_texts.SKIP_PHOTO]), skip_photo),
                MessageHandler(filters.ALL & ~filters.COMMAND, insist(
                    staff_texts.NEEDS_PHOTO, skip_photo_keyboard, Step.PHOTO)),
            ],
        },
        fallbacks=common.fallbacks(),
        name=KEY,
        persistent=True,
    )
