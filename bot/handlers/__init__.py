"""The bot's handlers, one module per area; `bot.application` registers them all."""
