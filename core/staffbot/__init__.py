"""Field staff and their Telegram bot, without Telegram: invites, links, rights and
revocation, the stored updates every worker may claim, the bot's conversation state, and
the texts staff read.
"""
