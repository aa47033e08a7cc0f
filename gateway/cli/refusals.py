"""The CLI's English one-line reasons for core's refusal codes (staff read Spanish in the bot)."""

from core.refusals import Refused

ENGLISH = {
    # review
    "not_found": "message {id} is not an open review item",
    "not_allowed": "message {id} lies outside the given districts",
    "no_stove": "the household of message {id} had no stove in use that day",
    "no_household": "the phone of message {id} is registered to no household: use --register",
    "no_phone": "message {id} came from no valid phone: only --nothing applies",
    "unknown_code": "no stove has the code {detail}",
    "retired": "stove {detail} is no longer active",
    "bad_days": "days must be whole numbers from 0 to 7",
    "bad_reading": "that reading cannot be recorded",
    "no_code": "--register needs a stove code",
    # staff and e-mail
    "role_unknown": "role must be one of {roles}",
    "needs_district": "a {role} needs at least one --district",
    "not_waiting": "staff member {staff_id} is not waiting for an invite",
    "staff_unknown": "no staff member {staff_id}",
    "address": "that e-mail address is not readable",
    "staff": "no active staff member with that id",
    "none": "no code is waiting for this member: give --email ADDRESS first",
    "tries": "too many wrong codes: send a new one with --email ADDRESS",
    "wrong": "wrong code (it is the six digits sent to the address)",
}


def english(refused: Refused, **known: object) -> str:
    """The one-line English reason for a refusal (its code when the CLI never shows it)."""
    template = ENGLISH.get(refused.code, refused.code)
    return template.format(**{**known, **refused.params})
