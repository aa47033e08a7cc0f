"""/visita's questions, in the order the technician meets them: stove code (or `/visita CODE`),
found and in use? (not found: why), condition, open fire still used?, location, photo.

A location far from the stove's is questioned at once, while the member can still share it
again; after the last question, or after a correction, comes the summary (`visit_summary`).
"""

from typing import Any

from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers import common
from bot.handlers.steps import (
    answers,
    ask,
    ask_yes_no,
    drop_location,
    keep_location,
    photo_then,
    skip_photo_keyboard,
    yes_no_or_ask_again,
)
from bot.handlers.visit_summary import KEY, Step, next_or_summary, summary
from core.field.staff_visits import (
    VisitRefused,
    distance_from_stove,
    far_from_stove,
    stove_to_visit,
)
from core.staffbot import texts as staff_texts
from core.staffbot.refusal_texts import refusal_text

LABEL_TO_CONDITION = {label: key for key, label in staff_texts.CONDITION_LABELS.items()}
LABEL_TO_FOUND = {label: key for key, label in staff_texts.FOUND_LABELS.items()}


async def begin(update: Update, context: BotContext) -> int:
    """/visita [CODE]: start afresh; with a code, go straight to the stove."""
    context.answers[KEY] = {}
    if context.args:
        return await _stove(update, context, context.args[0])
    await ask(update, staff_texts.VISIT_CODE)
    return Step.CODE


async def code(update: Update, context: BotContext) -> int:
    """A stove in the member's districts (a "Sí" is no code)."""
    assert update.message is not None
    return await _stove(update, context, update.message.text or "")


async def _stove(update: Update, context: BotContext, text: str) -> int:
    try:
        stove = stove_to_visit(context.deps.uow(), context.staff, text)
    except VisitRefused as refused:
        await ask(update, f"{refusal_text(refused)} {staff_texts.CODE_AGAIN}")
        return Step.CODE
    answers(context, KEY)["code"] = stove.code
    common.log_shown_to(context, "name", [stove.code], "bot /visita")
    await ask(update, staff_texts.VISIT_FOUND.format(
        code=stove.code, household=stove.household, community=stove.community,
        district=stove.district), _found_keyboard())
    return Step.FOUND


def _found_keyboard() -> Any:
    return keyboards.choices(staff_texts.FOUND_LABELS.values(), columns=1)


async def _ask_found(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_FOUND_QUESTION, _found_keyboard())
    return Step.FOUND


async def found(update: Update, context: BotContext) -> int:
    """Found and in use, found unused, or not found (then: why)."""
    assert update.message is not None
    chosen = LABEL_TO_FOUND.get((update.message.text or "").strip())
    if chosen is None:
        await ask(update, staff_texts.CHOOSE_BUTTON, _found_keyboard())
        return Step.FOUND
    a = answers(context, KEY)
    a["found"], a["in_use"] = chosen != "not_found", chosen == "in_use"
    if chosen == "not_found":
        await ask(update, staff_texts.VISIT_NOT_FOUND_REASON)
        return Step.NOT_FOUND_REASON
    return await next_or_summary(update, context, _ask_condition)


async def not_found_reason(update: Update, context: BotContext) -> int:
    """Why the stove was not found; then the location."""
    assert update.message is not None
    answers(context, KEY)["not_found_reason"] = (update.message.text or "").strip()[:200]
    return await next_or_summary(update, context, _ask_location)


async def _ask_condition(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_CONDITION,
              keyboards.choices(staff_texts.CONDITION_LABELS.values()))
    return Step.CONDITION


async def condition(update: Update, context: BotContext) -> int:
    """The stove's condition, from the keyboard."""
    assert update.message is not None
    chosen = LABEL_TO_CONDITION.get((update.message.text or "").strip())
    if chosen is None:
        return await _ask_condition(update, context)
    answers(context, KEY)["condition"] = chosen
    return await next_or_summary(update, context, _ask_open_fire)


async def _ask_open_fire(update: Update, context: BotContext) -> int:
    return await ask_yes_no(update, staff_texts.VISIT_OPEN_FIRE, Step.OPEN_FIRE)


async def open_fire(update: Update, context: BotContext) -> int:
    """Whether the open fire is still used beside it (stacking)."""
    answer = await yes_no_or_ask_again(update)
    if answer is None:
        return Step.OPEN_FIRE
    answers(context, KEY)["open_fire_in_use"] = answer
    return await next_or_summary(update, context, _ask_location)


async def _ask_notes(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_NOTES, keyboards.choices([staff_texts.NO_NOTES]))
    return Step.NOTES


async def notes(update: Update, context: BotContext) -> int:
    """Free notes, or none (asked from the summary's "Corregir")."""
    assert update.message is not None
    text = (update.message.text or "").strip()
    answers(context, KEY)["notes"] = "" if text == staff_texts.NO_NOTES else text[:1000]
    return await next_or_summary(update, context, summary)


async def _ask_location(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_LOCATION, keyboards.location())
    return Step.LOCATION


async def location(update: Update, context: BotContext) -> int:
    """Where the member is now; far from the stove's location, ask before going on."""
    keep_location(update, context, KEY)
    a = answers(context, KEY)
    a["where"] = True
    away = distance_from_stove(context.deps.uow(), context.staff, a["code"],
                               latitude=a["latitude"], longitude=a["longitude"])
    if far_from_stove(away, context.deps.settings.visit_flag_distance_km):
        assert away is not None
        await ask(update, staff_texts.VISIT_FAR_ASK.format(km=away / 1000), far_keyboard())
        return Step.FAR
    return await next_or_summary(update, context, _ask_photo)


def far_keyboard() -> Any:
    """Share the location again, or "Continuar" with the far one."""
    return keyboards.location(staff_texts.CONTINUE, label=staff_texts.RESEND_LOCATION)


async def go_on_from_far(update: Update, context: BotContext) -> int:
    """"Continuar": the far location is kept, and the visit will be flagged for review."""
    return await next_or_summary(update, context, _ask_photo)


async def skip_location(update: Update, context: BotContext) -> int:
    """No location (the visit cannot then be checked against the stove's)."""
    drop_location(context, KEY)
    answers(context, KEY)["where"] = True
    return await next_or_summary(update, context, _ask_photo)


async def _ask_photo(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_PHOTO, skip_photo_keyboard())
    return Step.PHOTO


async def photo(update: Update, context: BotContext) -> int:
    """The photo, downloaded and kept under its hash, or none; then the summary."""
    return await photo_then(update, context, KEY, Step.PHOTO, summary)


ASKERS = {"found": _ask_found, "condition": _ask_condition, "open_fire": _ask_open_fire,
          "notes": _ask_notes, "location": _ask_location, "photo": _ask_photo}


def askers(context: BotContext) -> dict[str, Any]:
    """The answers that can be corrected, by button label (no condition when not found)."""
    found = answers(context, KEY).get("found")
    return {label: ASKERS[name] for name, label in staff_texts.VISIT_FIELDS.items()
            if found or name not in ("condition", "open_fire")}
