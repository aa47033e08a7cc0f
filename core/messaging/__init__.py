"""What happens to a household's SMS: it is received and stored, interpreted by the
conversation (usage reports, FALLA, BAJA/ALTA, questions), answered with a reply that fits
one GSM-7 segment, and kept raw when it cannot be interpreted. The household reply texts
and the received-at rule live here too.
"""
