"""Reply keyboards: choices arrive as plain text, which the handlers check like any answer."""

from collections.abc import Iterable

from telegram import KeyboardButton, ReplyKeyboardMarkup

from core.staffbot import texts as staff_texts


def choices(labels: Iterable[str], *, columns: int = 2) -> ReplyKeyboardMarkup:
    """One button per label, a few per row, gone once pressed."""
    labels = list(labels)
    rows = [labels[i:i + columns] for i in range(0, len(labels), columns)]
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)


def location(
    skip_label: str | None = staff_texts.SKIP_LOCATION, *, label: str = staff_texts.SEND_LOCATION
) -> ReplyKeyboardMarkup:
    """Share the phone's location, or skip (when a skip label is given)."""
    rows: list[list[KeyboardButton | str]] = [[KeyboardButton(label, request_location=True)]]
    if skip_label:
        rows.append([skip_label])
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)


def confirm() -> ReplyKeyboardMarkup:
    """Confirm, correct one answer, or cancel."""
    return choices([staff_texts.CONFIRM, staff_texts.CORRECT, staff_texts.CANCEL], columns=3)
