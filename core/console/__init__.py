"""The coordinator's console: signing in by one-time link, and the reads its pages show.

Login links and sessions live here (only token hashes are stored); the pages' figures are
read through the services that already own them (the monitoring report, the one definition
of a silent household, the review inbox, repair tickets), scoped by the same staff rights
as the bot (`core.staffbot.members.Staff.scope`).
"""
