"""/visita's end: the summary the member confirms or corrects, and the visit stored through
core (which checks the member's districts again).

Also the conversation's states and the key its answers are kept under, which the questions
(`visit_questions`) and the builder (`visit`) share.
"""

from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import answers, ask, then
from core.field.staff_visits import FieldVisit, VisitRefused, record_field_visit
from core.staffbot import texts as staff_texts
from core.staffbot.refusal_texts import refusal_text

KEY = "visita"


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


def _complete(a: dict[str, Any]) -> bool:
    """Every question answered: a correction goes back to the summary."""
    if a.get("found"):
        answered = "condition" in a and "open_fire_in_use" in a
    else:
        answered = "not_found_reason" in a
    return "found" in a and answered and "where" in a and "photo" in a


async def next_or_summary(update: Update, context: BotContext, following: Any) -> int:
    """Ask the following question, or, once every question is answered, show the summary."""
    return await then(update, context, KEY, complete=_complete, summary=summary,
                      following=following)


async def summary(update: Update, context: BotContext) -> int:
    """Every answer in one message, with Confirmar and Corregir."""
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
        await ask(update, refusal_text(refused))
        return ConversationHandler.END
    done = staff_texts.VISIT_SAVED if visit.found else staff_texts.VISIT_NOT_FOUND_SAVED
    await ask(update, done.format(code=visit.code))
    if recorded.far_from_stove and recorded.distance_m is not None:
        await ask(update, staff_texts.VISIT_FAR.format(km=recorded.distance_m / 1000))
    return ConversationHandler.END
