"""Work in the field: registering installations, recording verification visits (imported or
from the bot, with their evidence), each member's worklists, and the household-registration
rule the importer and the bot share.
"""
