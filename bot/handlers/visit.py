"""/visita: record a verification visit in the field, with location and photo as evidence.

Stove code (or `/visita CODE`) → found and in use? (not found: why) → condition → open fire
still used? → location → photo → summary. A location far from the stove's is questioned at
once, while the member can still share it again; the summary's "Corregir" asks one answer
again (notes are added there). Core stores the visit, checking the member's districts again.
"""

# Over 300 lines: one conversation, its steps in the order the technician meets them.

from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot import keyboards
from bot.context import BotContext
from bot.handlers import common
from bot.handlers.steps import (
    answers,
    ask,
    ask_yes_no,
    drop_location,
    keep_location,
    location_handlers,
    photo_handlers,
    photo_then,
    skip_photo_keyboard,
    summary_states,
    then,
    yes_no_or_ask_again,
)
from core.field.staff_visits import (
    FieldVisit,
    VisitRefused,
    distance_from_stove,
    far_from_stove,
    record_field_visit,
    stove_to_visit,
)
from core.staffbot import texts as staff_texts

KEY = "visita"
LABEL_TO_CONDITION = {label: key for key, label in staff_texts.CONDITION_LABELS.items()}
LABEL_TO_FOUND = {label: key for key, label in staff_texts.FOUND_LABELS.items()}
TEXT = filters.TEXT & ~filters.COMMAND


class Step(IntEnum):
    """The questions of /visita, in order."""

    CODE = 0
    FOUND = 1
    NOT_FOUND_REASON = 2
    CONDITION = 4
    OPEN_FIRE = 5
    NOTES = 6
    LOCATION = 7
    PHOTO = 8
    FAR = 9
    CONFIRM = 10
    FIX = 11


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
        await ask(update, f"{staff_texts.refusal_text(refused)} {staff_texts.CODE_AGAIN}")
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
    return await _then(update, context, _ask_condition)


async def not_found_reason(update: Update, context: BotContext) -> int:
    """Why the stove was not found; then the location."""
    assert update.message is not None
    answers(context, KEY)["not_found_reason"] = (update.message.text or "").strip()[:200]
    return await _then(update, context, _ask_location)


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
    return await _then(update, context, _ask_open_fire)


async def _ask_open_fire(update: Update, context: BotContext) -> int:
    return await ask_yes_no(update, staff_texts.VISIT_OPEN_FIRE, Step.OPEN_FIRE)


async def open_fire(update: Update, context: BotContext) -> int:
    """Whether the open fire is still used beside it (stacking)."""
    answer = await yes_no_or_ask_again(update)
    if answer is None:
        return Step.OPEN_FIRE
    answers(context, KEY)["open_fire_in_use"] = answer
    return await _then(update, context, _ask_location)


async def _ask_notes(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_NOTES, keyboards.choices([staff_texts.NO_NOTES]))
    return Step.NOTES


async def notes(update: Update, context: BotContext) -> int:
    """Free notes, or none (asked from the summary's "Corregir")."""
    assert update.message is not None
    text = (update.message.text or "").strip()
    answers(context, KEY)["notes"] = "" if text == staff_texts.NO_NOTES else text[:1000]
    return await _then(update, context, _summary)


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
        await ask(update, staff_texts.VISIT_FAR_ASK.format(km=away / 1000), _far_keyboard())
        return Step.FAR
    return await _then(update, context, _ask_photo)


def _far_keyboard() -> Any:
    return keyboards.location(staff_texts.CONTINUE, label=staff_texts.RESEND_LOCATION)


async def go_on_from_far(update: Update, context: BotContext) -> int:
    """"Continuar": the far location is kept, and the visit will be flagged for review."""
    return await _then(update, context, _ask_photo)


async def skip_location(update: Update, context: BotContext) -> int:
    """No location (the visit cannot then be checked against the stove's)."""
    drop_location(context, KEY)
    answers(context, KEY)["where"] = True
    return await _then(update, context, _ask_photo)


async def _ask_photo(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.VISIT_PHOTO, skip_photo_keyboard())
    return Step.PHOTO


async def photo(update: Update, context: BotContext) -> int:
    """The photo, downloaded and kept under its hash, or none; then the summary."""
    return await photo_then(update, context, KEY, Step.PHOTO, _summary)


def _complete(a: dict[str, Any]) -> bool:
    """Every question answered: a correction goes back to the summary."""
    if a.get("found"):
        answered = "condition" in a and "open_fire_in_use" in a
    else:
        answered = "not_found_reason" in a
    return "found" in a and answered and "where" in a and "photo" in a


async def _then(update: Update, context: BotContext, following: Any) -> int:
    return await then(update, context, KEY, complete=_complete, summary=_summary,
                      following=following)


async def _summary(update: Update, context: BotContext) -> int:
    a = answers(context, KEY)
    found = ("in_use" if a["in_use"] else "not_in_use") if a["found"] else "not_found"
    shown = {
        "found": staff_texts.FOUND_LABELS[found]
        + ("" if a["found"] else f" ({a.get('not_found_reason', '')})"),
        "condition": (staff_texts.CONDITION_LABELS[a["condition"]] if a["found"]
                      else staff_texts.NONE),
        "open_fire": ((staff_texts.YES if a["open_fire_in_use"] else staff_texts.NO)
                      if a["found"] else staff_texts.NONE),
    }
    where = (f"{a['latitude']:.5f}, {a['longitude']:.5f}" if "latitude" in a
             else staff_texts.SKIP_LOCATION.lower())
    await ask(update, staff_texts.VISIT_SUMMARY.format(
        code=a["code"], notes=a.get("notes") or staff_texts.NONE, location=where,
        photo="sí" if a.get("photo") else "no", **shown), keyboards.confirm())
    return Step.CONFIRM


ASKERS = {"found": _ask_found, "condition": _ask_condition, "open_fire": _ask_open_fire,
          "notes": _ask_notes, "location": _ask_location, "photo": _ask_photo}


def _askers(context: BotContext) -> dict[str, Any]:
    """The answers that can be corrected, by button label (no condition when not found)."""
    found = answers(context, KEY).get("found")
    return {label: ASKERS[name] for name, label in staff_texts.VISIT_FIELDS.items()
            if found or name not in ("condition", "open_fire")}


async def confirm(update: Update, context: BotContext) -> int:
    """Store the visit through core."""
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
        await ask(update, staff_texts.refusal_text(refused))
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
            Step.CONDITION: [MessageHandler(TEXT, condition)],
            Step.OPEN_FIRE: [MessageHandler(TEXT, open_fire)],
            Step.NOTES: [MessageHandler(TEXT, notes)],
            Step.LOCATION: location_handlers(location, staff_texts.SKIP_LOCATION, skip_location,
                                             keyboards.location, Step.LOCATION),
            Step.FAR: location_handlers(location, staff_texts.CONTINUE, go_on_from_far,
                                        _far_keyboard, Step.FAR),
            Step.PHOTO: photo_handlers(photo, Step.PHOTO),
            **summary_states(confirm, KEY, _askers, confirm_state=Step.CONFIRM,
                             fix_state=Step.FIX),
        },
        fallbacks=common.fallbacks(),
        name=KEY,
        persistent=True,
    )
