"""/muestra, /silenciosos [semanas] and /resumen: read-only views of the member's districts."""

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import keyboards
from bot.context import BotContext
from bot.handlers.common import log_shown_to, more_keyboard
from core.field.worklists import district_summary, sample_to_visit, silent_households
from core.staffbot import texts as staff_texts

PAGE = 15
MAX_WEEKS = 52


def _page(lines: list[str], offset: int) -> str:
    return "\n".join(lines[offset:offset + PAGE])


async def sample(update: Update, context: BotContext) -> None:
    """/muestra, or a location sent outside a conversation: the sample still to visit."""
    assert update.effective_chat is not None
    near = None
    if update.message is not None and update.message.location is not None:
        near = (update.message.location.latitude, update.message.location.longitude)
    settings = context.deps.settings
    stoves = sample_to_visit(context.deps.uow(), context.staff, now=context.now(),
                             tz=settings.program_timezone, near=near)
    if not stoves:
        await update.effective_chat.send_message(staff_texts.SAMPLE_NONE)
        return
    lines = [staff_texts.SAMPLE_LINE.format(
        code=s.code, reserve=staff_texts.SAMPLE_RESERVE if s.is_reserve else "",
        household=s.household, community=s.community or "—", district=s.district,
        distance="" if s.distance_m is None else f" · {s.distance_m / 1000:.1f} km")
        for s in stoves[:PAGE]]
    log_shown_to(context, "name", [s.code for s in stoves[:PAGE]], "bot /muestra")
    text = "\n".join([staff_texts.SAMPLE_HEADER.format(count=len(stoves)), *lines, "",
                      staff_texts.SAMPLE_HINT])
    await update.effective_chat.send_message(
        text, reply_markup=None if near is not None else keyboards.location(
            None, label=staff_texts.SAMPLE_NEAREST))


async def silent(update: Update, context: BotContext) -> None:
    """/silenciosos [weeks], and its "more" button: households gone quiet, paginated."""
    assert update.effective_chat is not None
    weeks, offset = context.deps.settings.silent_after_weeks, 0
    if update.callback_query is not None:
        await update.callback_query.answer()
        _, weeks_text, offset_text = (update.callback_query.data or f"s:{weeks}:0").split(":")
        weeks, offset = min(max(int(weeks_text), 1), MAX_WEEKS), int(offset_text)
    elif context.args:
        if not context.args[0].isdigit() or not 1 <= int(context.args[0]) <= MAX_WEEKS:
            await update.effective_chat.send_message(staff_texts.SILENT_USAGE)
            return
        weeks = int(context.args[0])
    settings = context.deps.settings
    found = silent_households(context.deps.uow(), context.staff.scope(), weeks=weeks,
                              now=context.now(), tz=settings.program_timezone)
    if not found:
        await update.effective_chat.send_message(staff_texts.SILENT_NONE.format(weeks=weeks))
        return
    lines = [staff_texts.SILENT_LINE.format(
        code=s.code, household=s.household, community=s.community or "—", district=s.district,
        phone=s.phone or "—", last=s.last_heard or staff_texts.SILENT_NEVER) for s in found]
    header = staff_texts.SILENT_HEADER.format(weeks=weeks, count=len(found))
    body = _page(lines, offset)
    log_shown_to(context, "name", [s.code for s in found[offset:offset + PAGE]], "bot /silenciosos")
    await update.effective_chat.send_message(
        f"{header}\n{body}" if offset == 0 else body,
        reply_markup=more_keyboard(f"s:{weeks}", offset + PAGE, len(lines)))


async def summary(update: Update, context: BotContext) -> None:
    """/resumen: this week in my districts."""
    assert update.effective_chat is not None
    s = district_summary(context.deps.uow(), context.staff, now=context.now(),
                         tz=context.deps.settings.program_timezone)

    def share(part: int, whole: int) -> str:
        return f"{part} de {whole} ({part / whole:.0%})" if whole else "—"

    await update.effective_chat.send_message(staff_texts.SUMMARY.format(
        week=s.week, reports=s.reports, rate=share(s.stoves_reporting, s.stoves),
        use=share(s.reporting_use, s.reports), tickets=s.open_tickets,
        visited=s.sample_visited, main=s.sample_main))


def handlers() -> list[object]:
    """The read-only commands and their buttons."""
    return [
        CommandHandler("muestra", sample),
        MessageHandler(filters.LOCATION & ~filters.UpdateType.EDITED, sample),
        CommandHandler("silenciosos", silent),
        CallbackQueryHandler(silent, pattern=r"^s:\d{1,2}:\d{1,6}$"),
        CommandHandler("resumen", summary),
    ]
