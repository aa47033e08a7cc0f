"""/instalar's questions, in the order the technician meets them: code, name, phone, district,
community, location (or why none), the stove used before, photo, consent.

Each checks its answer with core (code free, phone valid, district allowed) and asks again on
bad input; after the last, or after a correction, comes the summary (`install_summary`).
"""

from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from bot import keyboards
from bot.context import BotContext
from bot.handlers.install_summary import KEY, Step, next_or_summary, summary
from bot.handlers.steps import (
    answers,
    ask,
    ask_yes_no,
    drop_location,
    keep_location,
    keep_yes_no,
    photo_then,
    skip_photo_keyboard,
)
from core.field.installations import (
    InstallationRefused,
    check_district,
    check_household_phone,
    check_new_stove_code,
)
from core.staffbot import texts as staff_texts
from core.staffbot.refusal_texts import refusal_text

LABEL_TO_BASELINE = {label: key for key, label in staff_texts.BASELINE_LABELS.items()}


async def begin(update: Update, context: BotContext) -> int:
    """/instalar: start afresh and ask for the stove code."""
    context.answers[KEY] = {}
    return await _ask_code(update, context)


async def _ask_code(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_CODE)
    return Step.CODE


async def code(update: Update, context: BotContext) -> int:
    """The code must be well formed and not on any stove yet (a "Sí" is no code)."""
    assert update.message is not None
    try:
        answers(context, KEY)["code"] = check_new_stove_code(context.deps.uow(),
                                                         update.message.text or "")
    except InstallationRefused as refused:
        await ask(update, f"{refusal_text(refused)} {staff_texts.CODE_AGAIN}")
        return Step.CODE
    return await next_or_summary(update, context, _ask_name)


async def _ask_name(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_NAME)
    return Step.NAME


async def name(update: Update, context: BotContext) -> int:
    """The household's name."""
    assert update.message is not None
    answers(context, KEY)["name"] = (update.message.text or "").strip()[:200]
    return await next_or_summary(update, context, _ask_phone)


async def _ask_phone(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_PHONE)
    return Step.PHONE


async def phone(update: Update, context: BotContext) -> int:
    """A phone that can receive SMS."""
    assert update.message is not None
    try:
        answers(context, KEY)["phone"] = check_household_phone(update.message.text or "")
    except InstallationRefused as refused:
        await ask(update, refusal_text(refused))
        return Step.PHONE
    return await next_or_summary(update, context, _ask_district)


def _single_district(context: BotContext) -> str | None:
    """The member's one district, chosen for them; None when there is a choice to make."""
    staff = context.staff
    return staff.districts[0] if staff.scope() is not None and len(staff.districts) == 1 else None


async def _ask_district(update: Update, context: BotContext) -> int:
    only = _single_district(context)
    if only is not None:
        answers(context, KEY)["district"] = only
        return await next_or_summary(update, context, _ask_community)
    districts = context.staff.districts
    if districts:
        await ask(update, staff_texts.INSTALL_DISTRICT, keyboards.choices(districts))
    else:
        await ask(update, staff_texts.INSTALL_DISTRICT_FREE)
    return Step.DISTRICT


async def district(update: Update, context: BotContext) -> int:
    """One of the member's districts (an admin may type any)."""
    assert update.message is not None
    try:
        answers(context, KEY)["district"] = check_district(context.staff, update.message.text or "")
    except InstallationRefused as refused:
        await ask(update, refusal_text(refused),
                  keyboards.choices(context.staff.districts))
        return Step.DISTRICT
    return await next_or_summary(update, context, _ask_community)


async def _ask_community(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_COMMUNITY)
    return Step.COMMUNITY


async def community(update: Update, context: BotContext) -> int:
    """The community or hamlet."""
    assert update.message is not None
    answers(context, KEY)["community"] = (update.message.text or "").strip()[:100]
    return await next_or_summary(update, context, _ask_location)


async def _ask_location(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_LOCATION, keyboards.location())
    return Step.LOCATION


async def location(update: Update, context: BotContext) -> int:
    """The house's location from the phone."""
    keep_location(update, context, KEY)
    return await next_or_summary(update, context, _ask_baseline)


async def skip_location(update: Update, context: BotContext) -> int:
    """No location: ask why, for the record."""
    drop_location(context, KEY)
    await ask(update, staff_texts.INSTALL_NO_LOCATION_REASON)
    return Step.NO_LOCATION_REASON


async def no_location_reason(update: Update, context: BotContext) -> int:
    """The reason there is no location."""
    assert update.message is not None
    answers(context, KEY)["no_location_reason"] = (update.message.text or "").strip()[:200]
    return await next_or_summary(update, context, _ask_baseline)


async def _ask_baseline(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_BASELINE,
              keyboards.choices(staff_texts.BASELINE_LABELS.values(), columns=1))
    return Step.BASELINE


async def baseline(update: Update, context: BotContext) -> int:
    """The stove used before, from the keyboard."""
    assert update.message is not None
    chosen = LABEL_TO_BASELINE.get((update.message.text or "").strip())
    if chosen is None:
        await ask(update, staff_texts.CHOOSE_BUTTON,
                  keyboards.choices(staff_texts.BASELINE_LABELS.values(), columns=1))
        return Step.BASELINE
    answers(context, KEY)["baseline"] = chosen
    return await next_or_summary(update, context, _ask_photo)


async def _ask_photo(update: Update, context: BotContext) -> int:
    await ask(update, staff_texts.INSTALL_PHOTO, skip_photo_keyboard())
    return Step.PHOTO


async def photo(update: Update, context: BotContext) -> int:
    """A photo of the installed stove, kept as evidence under its hash, or none."""
    return await photo_then(update, context, KEY, Step.PHOTO, _then_consent)


async def _then_consent(update: Update, context: BotContext) -> int:
    return await next_or_summary(update, context, _ask_consent)


async def _ask_consent(update: Update, context: BotContext) -> int:
    return await ask_yes_no(update, staff_texts.INSTALL_CONSENT, Step.CONSENT)


async def consent(update: Update, context: BotContext) -> int:
    """The household was told and agreed (yes: on to the summary), or nothing is registered."""
    agreed = await keep_yes_no(update, context, KEY, "consent")
    if agreed:
        return await summary(update, context)
    if agreed is None:
        return Step.CONSENT
    context.answers.pop(KEY, None)
    await ask(update, staff_texts.INSTALL_NO_CONSENT)
    return ConversationHandler.END


ASKERS = {"code": _ask_code, "name": _ask_name, "phone": _ask_phone, "district": _ask_district,
          "community": _ask_community, "location": _ask_location, "baseline": _ask_baseline,
          "photo": _ask_photo}


def askers(context: BotContext) -> dict[str, Any]:
    """The answers that can be corrected, by button label (no district when there is one)."""
    fields = {label: ASKERS[name] for name, label in staff_texts.INSTALL_FIELDS.items()}
    if _single_district(context) is not None:
        del fields[staff_texts.INSTALL_FIELDS["district"]]
    return fields
