"""/instalar: a guided conversation that registers a household, its stove and its phone.

Each step checks its answer with core (code free, phone valid, district allowed) and asks
again on bad input; nothing is written before the member confirms the summary.
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
    keep_yes_no,
    kept_photo,
    skip_photo_keyboard,
)
from core.field.installations import (
    Installation,
    InstallationRefused,
    check_district,
    check_household_phone,
    check_new_stove_code,
    register_installation,
)
from core.staffbot import texts as staff_texts

KEY = "instalar"
LABEL_TO_BASELINE = {label: key for key, label in staff_texts.BASELINE_LABELS.items()}


class Step(IntEnum):
    """The questions of /instalar, in order."""

    CODE = 0
    NAME = 1
    PHONE = 2
    DISTRICT = 3
    COMMUNITY = 4
    LOCATION = 5
    NO_LOCATION_REASON = 6
    BASELINE = 7
    PHOTO = 8
    CONSENT = 9
    CONFIRM = 10


async def begin(update: Update, context: BotContext) -> Step:
    """/instalar: start afresh and ask for the stove code."""
    context.answers[KEY] = {}
    await ask(update, staff_texts.INSTALL_CODE)
    return Step.CODE


async def code(update: Update, context: BotContext) -> Step:
    """The code must be well formed and not on any stove yet."""
    assert update.message is not None
    try:
        answers(context, KEY)["code"] = check_new_stove_code(context.deps.uow(),
                                                         update.message.text or "")
    except InstallationRefused as refused:
        await ask(update, str(refused))
        return Step.CODE
    await ask(update, staff_texts.INSTALL_NAME)
    return Step.NAME


async def name(update: Update, context: BotContext) -> Step:
    """The household's name."""
    assert update.message is not None
    answers(context, KEY)["name"] = (update.message.text or "").strip()[:200]
    await ask(update, staff_texts.INSTALL_PHONE)
    return Step.PHONE


async def phone(update: Update, context: BotContext) -> Step:
    """A phone that can receive SMS."""
    assert update.message is not None
    try:
        answers(context, KEY)["phone"] = check_household_phone(update.message.text or "")
    except InstallationRefused as refused:
        await ask(update, str(refused))
        return Step.PHONE
    return await _ask_district(update, context)


async def _ask_district(update: Update, context: BotContext) -> Step:
    districts = context.staff.districts
    if districts:
        await ask(update, staff_texts.INSTALL_DISTRICT, keyboards.choices(districts))
    else:
        await ask(update, staff_texts.INSTALL_DISTRICT_FREE)
    return Step.DISTRICT


async def district(update: Update, context: BotContext) -> Step:
    """One of the member's districts (an admin may type any)."""
    assert update.message is not None
    try:
        answers(context, KEY)["district"] = check_district(context.staff, update.message.text or "")
    except InstallationRefused as refused:
        await ask(update, str(refused), keyboards.choices(context.staff.districts))
        return Step.DISTRICT
    await ask(update, staff_texts.INSTALL_COMMUNITY)
    return Step.COMMUNITY


async def community(update: Update, context: BotContext) -> Step:
    """The community or hamlet."""
    assert update.message is not None
    answers(context, KEY)["community"] = (update.message.text or "").strip()[:100]
    await ask(update, staff_texts.INSTALL_LOCATION, keyboards.location())
    return Step.LOCATION


async def location(update: Update, context: BotContext) -> Step:
    """The house's location from the phone."""
    keep_location(update, context, KEY)
    return await _ask_baseline(update)


async def skip_location(update: Update, context: BotContext) -> Step:
    """No location: ask why, for the record."""
    await ask(update, staff_texts.INSTALL_NO_LOCATION_REASON)
    return Step.NO_LOCATION_REASON


async def no_location_reason(update: Update, context: BotContext) -> Step:
    """The reason there is no location."""
    assert update.message is not None
    answers(context, KEY)["no_location_reason"] = (update.message.text or "").strip()[:200]
    return await _ask_baseline(update)


async def _ask_baseline(update: Update) -> Step:
    await ask(update, staff_texts.INSTALL_BASELINE,
               keyboards.choices(staff_texts.BASELINE_LABELS.values(), columns=1))
    return Step.BASELINE


async def baseline(update: Update, context: BotContext) -> Step:
    """The stove used before, from the keyboard."""
    assert update.message is not None
    chosen = LABEL_TO_BASELINE.get((update.message.text or "").strip())
    if chosen is None:
        await ask(update, staff_texts.CHOOSE_BUTTON,
                   keyboards.choices(staff_texts.BASELINE_LABELS.values(), columns=1))
        return Step.BASELINE
    answers(context, KEY)["baseline"] = chosen
    await ask(update, staff_texts.INSTALL_PHOTO, skip_photo_keyboard())
    return Step.PHOTO


async def photo(update: Update, context: BotContext) -> Step:
    """A photo of the installed stove, kept as evidence under its hash."""
    if not await kept_photo(update, context, KEY):
        return Step.PHOTO
    return await _ask_consent(update)


async def skip_photo(update: Update, context: BotContext) -> Step:
    """No photo."""
    return await _ask_consent(update)


async def _ask_consent(update: Update) -> Step:
    await ask(update, staff_texts.INSTALL_CONSENT, keyboards.choices(YES_NO))
    return Step.CONSENT


async def consent(update: Update, context: BotContext) -> int:
    """The household was told and agreed (yes: on to the summary), or nothing is registered."""
    agreed = await keep_yes_no(update, context, KEY, "consent")
    if agreed:
        return await _summary(update, context)
    if agreed is None:
        return Step.CONSENT
    context.answers.pop(KEY, None)
    await ask(update, staff_texts.INSTALL_NO_CONSENT)
    return ConversationHandler.END


async def _summary(update: Update, context: BotContext) -> Step:
    a = answers(context, KEY)
    where = (f"{a['latitude']:.5f}, {a['longitude']:.5f}" if "latitude" in a
             else f"sin ubicación ({a.get('no_location_reason', '')})")
    await ask(update, staff_texts.INSTALL_SUMMARY.format(
        code=a["code"], name=a["name"], phone=a["phone"], district=a["district"],
        community=a["community"] or staff_texts.NONE, location=where,
        baseline=staff_texts.BASELINE_LABELS[str(a["baseline"])],
        photo="sí" if a.get("photo") else "no"), keyboards.confirm())
    return Step.CONFIRM


async def confirm(update: Update, context: BotContext) -> int:
    """Write it all through core and queue the welcome SMS."""
    a = answers(context, KEY)
    installation = Installation(
        code=str(a["code"]), household_name=str(a["name"]), phone=str(a["phone"]),
        district=str(a["district"]), community=str(a["community"]),
        latitude=a.get("latitude"), longitude=a.get("longitude"),  # type: ignore[arg-type]
        baseline_stove=str(a["baseline"]), consent=bool(a.get("consent")),
    )
    settings = context.deps.settings
    if not a.get("registered"):  # a retry after the reply failed must not register twice
        try:
            register_installation(context.deps.uow(), context.staff, installation,
                                  sms_provider=settings.sms_provider, now=context.now(),
                                  tz=settings.program_timezone)
        except InstallationRefused as refused:
            context.answers.pop(KEY, None)
            await ask(update, str(refused))
            return ConversationHandler.END
        a["registered"] = True
    await ask(update, staff_texts.INSTALL_DONE.format(code=installation.code))
    context.answers.pop(KEY, None)
    return ConversationHandler.END


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
            Step.LOCATION: [
                MessageHandler(filters.LOCATION, location),
                MessageHandler(filters.Text([staff_texts.SKIP_LOCATION]), skip_location),
                MessageHandler(filters.ALL & ~filters.COMMAND, insist(
                    staff_texts.NEEDS_LOCATION, keyboards.location, Step.LOCATION)),
            ],
            Step.NO_LOCATION_REASON: [MessageHandler(TEXT, no_location_reason)],
            Step.BASELINE: [MessageHandler(TEXT, baseline)],
            Step.PHOTO: [
                MessageHandler(filters.PHOTO, photo),
                MessageHandler(filters.Text([staff_texts.SKIP_PHOTO]), skip_photo),
                MessageHandler(filters.ALL & ~filters.COMMAND, insist(
                    staff_texts.NEEDS_PHOTO, skip_photo_keyboard, Step.PHOTO)),
            ],
            Step.CONSENT: [MessageHandler(TEXT, consent)],
            Step.CONFIRM: [
                MessageHandler(filters.Text([staff_texts.CONFIRM]), confirm),
                MessageHandler(filters.Text([staff_texts.CANCEL]), common.cancel),
                MessageHandler(filters.ALL & ~filters.COMMAND, insist(
                    staff_texts.CHOOSE_BUTTON, keyboards.confirm, Step.CONFIRM)),
            ],
        },
        fallbacks=common.fallbacks(),
        name=KEY,
        persistent=True,
    )
