"""The field-staff Telegram bot (python-telegram-bot): handlers that call core services.

`POST /telegram/webhook` stores every update (gateway/telegram.py); `bot.runner` feeds the
stored updates to the application `bot.application` builds, one chat at a time, with the
conversation state kept in the database (`bot.persistence`).
"""
