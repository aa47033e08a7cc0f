"""Every text a household reads, in Spanish, GSM-7 only and one SMS segment each (tested).

Accented vowels (a i o u with accents) would force UCS-2 and cut a segment to 70 characters,
so they are written without accents; n-tilde is in the GSM-7 table and is kept.
"""

HELP = (
    "Cocina Tuki Wasi: USO 0-7 = dias que uso su cocina mejorada. FOGON 0-7 = dias con "
    "fogon. FALLA texto = cocina malograda. BAJA = no recibir mas."
)
# Replies to what could not be read show the one form that would have worked.
HELP_UNREADABLE = (
    "No entendi. Para reportar escriba: USO 5 (dias que uso su cocina). Si la cocina falla "
    "escriba: FALLA y que paso. AYUDA para ver todo."
)
STOP_HOW = (
    "Para no recibir mas mensajes escriba solo: BAJA. Para reportar escriba: USO 5 (dias que "
    "uso su cocina)."
)
NUMBER_REFUSED = (
    "No entendi el numero. Escriba dias enteros de 0 a 7, sin comas ni signos, por ejemplo: "
    "{keyword} 5"
)
UNKNOWN_PHONE = (
    "Su numero no esta registrado. Envie REGISTRO y el codigo de su cocina, por ejemplo "
    "REGISTRO ABC123."
)
REGISTER_NEEDS_CODE = (
    "Falta el codigo. Envie REGISTRO y el codigo que esta en su cocina, por ejemplo "
    "REGISTRO ABC123."
)
REGISTER_UNKNOWN_CODE = (
    "No encontramos la cocina {code}. Revise el codigo en la placa de su cocina y envie "
    "REGISTRO y el codigo otra vez."
)
REGISTER_DONE = (
    "Listo, su numero quedo registrado con la cocina {code}. Cada semana envie USO y los "
    "dias que la uso, por ejemplo USO 5."
)
REGISTER_ALREADY = "Su numero ya esta registrado con la cocina {code}. Gracias."
REGISTER_STOVE_RETIRED = (
    "La cocina {code} ya no esta activa en el programa. Si es un error, envie AYUDA o "
    "llame a su tecnico."
)
USAGE_RECORDED = "Gracias. Anotamos {days} dias de uso de su cocina mejorada en la semana {week}."
USAGE_CORRECTED = "Gracias. Corregimos la semana {week}: {days} dias de uso de su cocina mejorada."
USAGE_AND_FIRE_RECORDED = (
    "Gracias. Anotamos {days} dias de uso de su cocina mejorada y {fire} dias con fogon en la "
    "semana {week}."
)
OPEN_FIRE_RECORDED = "Gracias. Anotamos {days} dias con fogon en la semana {week}."
NEEDS_NUMBER = "Envie {keyword} y un numero de 0 a 7, por ejemplo {keyword} 5."
OUT_OF_RANGE = "El numero debe ser de 0 a 7 (dias de la semana). Envie por ejemplo {keyword} 5."
ASK_DAYS = "Cuantos dias de los ultimos 7 uso su cocina mejorada? Responda un numero de 0 a 7."
NO_STOVE = (
    "Su hogar no tiene una cocina activa registrada. Envie REGISTRO y el codigo de su "
    "cocina, o AYUDA."
)
PROBLEM_OPENED = (
    "Recibimos su aviso. Su numero de reclamo es {ticket}. Un tecnico le contactara pronto."
)
STOPPED = "Listo, no le enviaremos mas mensajes. Para volver a recibirlos envie ALTA."
STARTED = "Bienvenido de nuevo. Volvera a recibir mensajes. Envie AYUDA para ver las opciones."
WEEKLY_PROMPT = (
    "Tuki Wasi: cuantos dias uso su cocina mejorada esta semana? Responda con un numero de "
    "0 a 7. Gracias."
)
WEEKLY_REMINDER = (
    "Tuki Wasi: aun no sabemos cuantos dias uso su cocina mejorada esta semana. Responda un "
    "numero de 0 a 7. Gracias."
)
WELCOME = (
    "Bienvenido a Tuki Wasi. Cada viernes le preguntaremos cuantos dias uso su cocina "
    "mejorada. Responda solo el numero. BAJA para no recibir."
)
WELCOME_INSTALLED = (
    "Tuki Wasi: bienvenido! Cada semana envie USO y los dias que uso su cocina {code}, ej. "
    "USO 5. Si se malogra envie FALLA y el problema."
)
TICKET_CLOSED = (
    "Tuki Wasi: su reclamo {ticket} fue atendido y cerrado. Si sigue el problema envie "
    "FALLA y el detalle. Gracias."
)
# Sent once per household when it first registers (core.privacy.consent.NOTICE_VERSION).
PRIVACY_NOTICE = (
    "Tuki Wasi guarda su numero, reportes y ubicacion para medir el uso de su cocina. Aviso "
    "completo: pidalo a su tecnico. BAJA para salir."
)

ALL_TEXTS: dict[str, str] = {
    name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)
}

# The widest values a template can be filled with, for the one-segment test.
WORST_CASE_FIELDS = {
    "code": "ABCDEFGHIJKL",
    "days": "7",
    "fire": "7",
    "week": "2026-W53",
    "keyword": "FOGON",
    "ticket": "9999999",
}
