"""The bot's handlers, one module per area (a long conversation in three: its questions, its
summary and its builder); `bot.application` registers them all."""
