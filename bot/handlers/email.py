"""/correo: the address the weekly digest goes to, set and confirmed by a code sent to it."""

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from core.staffbot import texts as staff_texts
from core.staffbot.email import (
    EMAIL_CODE_VALIDITY,
    EmailRefused,
    confirm_email_code,
    email_state,
    request_email_code,
)
from core.staffbot.refusal_texts import refusal_text


async def email(update: Update, context: BotContext) -> None:
    """/correo shows the address, /correo ADDRESS sends a code to it, /correo CODE confirms it."""
    assert update.effective_chat is not None
    deps, staff_id, now = context.deps, context.staff.id, context.now()
    given = context.args[0] if context.args else ""
    try:
        if not given:
            state = email_state(deps.uow(), staff_id=staff_id, now=now)
            current = state.verified or staff_texts.EMAIL_NONE
            if state.pending:
                current += staff_texts.EMAIL_PENDING.format(pending=state.pending)
            text = staff_texts.EMAIL_USAGE.format(current=current)
        elif "@" in given:
            address = request_email_code(deps.uow(), staff_id=staff_id, address=given, now=now)
            minutes = int(EMAIL_CODE_VALIDITY.total_seconds() // 60)
            text = staff_texts.EMAIL_SENT.format(address=address, minutes=minutes)
        else:
            address = confirm_email_code(deps.uow(), staff_id=staff_id, code=given, now=now)
            text = staff_texts.EMAIL_CONFIRMED.format(address=address)
    except EmailRefused as exc:
        text = refusal_text(exc)
    await update.effective_chat.send_message(text)


def handlers() -> list[object]:
    """The /correo command."""
    return [CommandHandler("correo", email)]
