"""The weekly question to households: who it is for (the audience), the prompt itself, the
reminder to those who did not answer, and the welcome after an installation.
"""
