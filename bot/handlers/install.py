"""/instalar: a guided conversation that registers a household, its stove and its phone.

Each step checks its answer with core (code free, phone valid, district allowed) and asks
again on bad input (`install_questions`); nothing is written before the member confirms the
summary (`install_summary`), where "Corregir" asks one answer again and comes back. A member
with one district is not asked it.
"""

from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot import keyboards
from bot.handlers import common
from bot.handlers.install_questions import (
    askers,
    baseline,
    begin,
    code,
    community,
    consent,
    district,
    location,
    name,
    no_location_reason,
    phone,
    photo,
    skip_location,
)
from bot.handlers.install_summary import KEY, Step, confirm
from bot.handlers.steps import location_handlers, photo_handlers, summary_states
from core.staffbot import texts as staff_texts

TEXT = filters.TEXT & ~filters.COMMAND


def conversation() -> ConversationHandler:  # type: ignore[type-arg]
    """The /instalar conversation, kept in the database under the name 'instalar'."""
    return ConversationHandler(
        entry_points=[CommandHandler("instalar", begin)],
        states={
            Step.CODE: [MessageHandler(TEXT, code)],
            Step.NAME: [MessageHandler(TEXT, name)],
            Step.PHONE: [MessageHandler(TEXT, phone)],
            Step.DISTRICT: [MessageHandler(TEXT, district)],
            Step.COMMUNITY: [MessageHandler(TEXT, community)],
            Step.LOCATION: location_handlers(location, staff_texts.SKIP_LOCATION, skip_location,
                                             keyboards.location, Step.LOCATION),
            Step.NO_LOCATION_REASON: [MessageHandler(TEXT, no_location_reason)],
            Step.BASELINE: [MessageHandler(TEXT, baseline)],
            Step.PHOTO: photo_handlers(photo, Step.PHOTO),
            Step.CONSENT: [MessageHandler(TEXT, consent)],
            **summary_states(confirm, KEY, askers, confirm_state=Step.CONFIRM,
                             fix_state=Step.FIX),
        },
        fallbacks=common.fallbacks(),
        name=KEY,
        persistent=True,
    )
