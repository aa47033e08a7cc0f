"""Repair tickets: a household's FALLA opens one, its district's technicians are notified,
take, note, close or escalate it.
"""
