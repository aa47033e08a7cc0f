"""Why core refused a staff member's request, in the Spanish they read in the bot.

Core raises a `core.refusals.Refused` with a code and parameters, never a sentence; this is
the one catalogue of those sentences (the CLI says them in English in `gateway.cli.refusals`),
and a test checks every code raised has its text here.
"""

from core.refusals import Refused
from core.staffbot.texts import (
    ACCOUNT_TAKEN,
    EMAIL_REFUSED,
    INVITE_INVALID,
    NOT_ALLOWED,
    REVIEW_GONE,
    REVIEW_REFUSED,
    TICKET_GONE,
)

# By the code core raised; `refusal_text` fills them with the refusal's parameters.
REFUSALS = {
    # tickets and review
    "not_allowed": NOT_ALLOWED,
    "closed": TICKET_GONE,
    "not_taken": "Solo quien tomó el reclamo #{ticket} ve el teléfono del hogar.",
    "not_found": REVIEW_GONE,
    **REVIEW_REFUSED,
    "bad_reading": "Esa lectura no se puede anotar: elija una de las opciones.",
    "bad_days": "Los días deben ser números enteros de 0 a 7.",
    # staff invites, revocation and e-mail
    "invite": INVITE_INVALID,
    "linked": ACCOUNT_TAKEN,
    "role_unknown": "El rol debe ser uno de: {roles}.",
    "needs_district": "Un {role} necesita al menos un distrito.",
    "not_waiting": "La persona #{staff_id} no espera una invitación.",
    "staff_unknown": "No hay nadie del personal con el número #{staff_id}.",
    **EMAIL_REFUSED,
    # a yes/no or button word typed where a stove code belongs (/instalar, /visita)
    "answer_not_code": "«{answer}» es una respuesta, no un código.",
    # installations (/instalar)
    "install_code_format": (
        "El código debe tener de 3 a 12 letras y números, con al menos un número."
    ),
    "install_code_taken": "El código {stove} ya está en uso. Revise la placa.",
    "install_phone_invalid": (
        "Ese número no es válido. Envíe el celular de 9 dígitos, p. ej. 987654321."
    ),
    "install_district": "Elija uno de sus distritos con los botones.",
    "install_no_consent": "Sin el acuerdo del hogar no se registra la instalación.",
    "install_failed": "No se pudo registrar: {detail}",
    # verification visits (/visita)
    "visit_unknown_stove": "No hay ninguna cocina con el código {stove}.",
    "visit_outside_districts": "La cocina {stove} está fuera de sus distritos.",
    "visit_bad_condition": "Estado de la cocina no válido.",
    "visit_rejected": "La visita no se puede registrar: {detail}",
}


def refusal_text(refused: Refused, **known: object) -> str:
    """The Spanish sentence for a refusal, filled from its parameters and what the caller knows."""
    return REFUSALS[refused.code].format(**{**known, **refused.params})
