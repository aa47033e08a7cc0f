"""/instalar's end: the summary the member confirms or corrects, and the registration.

Also the conversation's states and the key its answers are kept under, which the questions
(`install_questions`) and the builder (`install`) share.
"""

from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import answers, ask, then
from core.field.installations import Installation, InstallationRefused, register_installation
from core.staffbot import texts as staff_texts
from core.staffbot.refusal_texts import refusal_text

KEY = "instalar"


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
    FIX = 11


def _complete(a: dict[str, Any]) -> bool:
    """Every question answered: a correction goes back to the summary."""
    asked = ("code", "name", "phone", "district", "community", "baseline", "photo", "consent")
    return all(k in a for k in asked) and ("latitude" in a or "no_location_reason" in a)


async def next_or_summary(update: Update, context: BotContext, following: Any) -> int:
    """Ask the following question, or, once every question is answered, show the summary."""
    return await then(update, context, KEY, complete=_complete, summary=summary,
                      following=following)


async def summary(update: Update, context: BotContext) -> int:
    """Every answer in one message, with Confirmar and Corregir."""
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
        photo_sha256=a.get("photo"),
    )
    settings = context.deps.settings
    if not a.get("registered"):  # a retry after the reply failed must not register twice
        try:
            register_installation(context.deps.uow(), context.staff, installation,
                                  sms_provider=settings.sms_provider, now=context.now(),
                                  tz=settings.program_timezone)
        except InstallationRefused as refused:
            context.answers.pop(KEY, None)
            await ask(update, refusal_text(refused))
            return ConversationHandler.END
        a["registered"] = True
    await ask(update, staff_texts.INSTALL_DONE.format(code=installation.code))
    context.answers.pop(KEY, None)
    return ConversationHandler.END
