"""The field-staff Telegram bot (python-telegram-bot): handlers that call core services.

Its webhook endpoint already stores every update (gateway/telegram.py); the handlers, the
conversations and the staff commands arrive with the field-staff issue.
"""
