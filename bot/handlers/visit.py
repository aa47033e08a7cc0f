"""/visita: record a verification visit in the field, with location and photo as evidence.

Stove code (or `/visita CODE`) → found and in use? (not found: why) → condition → open fire
still used? → location → photo → summary (`visit_questions`). A location far from the
stove's is questioned at once, while the member can still share it again; the summary's
"Corregir" asks one answer again (notes are added there). Core stores the visit, checking the
member's districts again (`visit_summary`).
"""

from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot import keyboards
from bot.handlers import common
from bot.handlers.steps import location_handlers, photo_handlers, summary_states
from bot.handlers.visit_questions import (
    askers,
    begin,
    code,
    condition,
    far_keyboard,
    found,
    go_on_from_far,
    location,
    not_found_reason,
    notes,
    open_fire,
    photo,
    skip_location,
)
from bot.handlers.visit_summary import KEY, Step, confirm
from core.staffbot import texts as staff_texts

TEXT = filters.TEXT & ~filters.COMMAND


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
                                        far_keyboard, Step.FAR),
            Step.PHOTO: photo_handlers(photo, Step.PHOTO),
            **summary_states(confirm, KEY, askers, confirm_state=Step.CONFIRM,
                             fix_state=Step.FIX),
        },
        fallbacks=common.fallbacks(),
        name=KEY,
        persistent=True,
    )
