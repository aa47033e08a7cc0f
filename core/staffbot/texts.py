"""What field staff read in the bot, in Spanish (households' SMS texts are in core.messaging.texts).

Telegram has no GSM-7 limit, so these may use accents; they stay short enough for a phone.
Why core refused a request is said in `core.staffbot.refusal_texts`, by the refusal's code.
"""

UNKNOWN_ACCOUNT = (
    "Hola. Este bot es para el personal de campo del programa de cocinas mejoradas.\n"
    "Si trabaja con nosotros, pida un código de invitación a su coordinador y envíe "
    "/start CÓDIGO."
)
INVITE_INVALID = (
    "Ese código no es válido, ya fue usado o venció (duran 7 días). "
    "Pida uno nuevo a su coordinador."
)
ACCESS_REVOKED = (
    "Su acceso a este bot fue retirado. Si vuelve a trabajar con el programa, pida un "
    "código de invitación nuevo a su coordinador y envíe /start CÓDIGO."
)
ACCOUNT_TAKEN = "Esta cuenta de Telegram ya está vinculada a otra persona del programa."
WELCOME = "Bienvenido/a, {name}. Rol: {role}. Distritos: {districts}.\n\n{help}"
ROLE_LABELS = {"technician": "técnico/a", "coordinator": "coordinador/a",
               "admin": "administrador/a"}
ALREADY_LINKED = "Su cuenta ya está vinculada. Rol: {role}. Distritos: {districts}."
ALL_DISTRICTS = "todos"
HELP = (
    "Comandos:\n"
    "/instalar – registrar una instalación\n"
    "/muestra – cocinas de la muestra por visitar\n"
    "/visita – registrar una visita de verificación\n"
    "/tickets – reparaciones abiertas\n"
    "/revisar – mensajes de hogares que el sistema no pudo leer\n"
    "/silenciosos [semanas] – hogares que dejaron de reportar\n"
    "/resumen – resumen de la semana en sus distritos\n"
    "/web – enlace a la consola web (vale 15 minutos)\n"
    "/correo – su correo para el resumen semanal\n"
    "/cancelar – abandonar lo que está haciendo\n"
    "/ayuda – esta ayuda"
)
WEB_LINK = (
    "Su enlace a la consola (vale una vez y 15 minutos; no lo reenvíe):\n{url}"
)
WEB_NO_ADDRESS = (
    "La consola no tiene dirección pública (PUBLIC_BASE_URL). Abra en el servidor: {url}"
)
CANCELLED = "Cancelado. Nada se guardó. /ayuda para ver los comandos."
NOTHING_TO_CANCEL = "No hay nada en curso. /ayuda para ver los comandos."
NOT_UNDERSTOOD = "No entendí. /ayuda para ver los comandos."
EDITED_IGNORED = "No leo mensajes editados: envíe la respuesta de nuevo, por favor."
TOO_LONG = "El mensaje es demasiado largo (máximo {limit} caracteres)."
IN_CONVERSATION = "Está en medio de otra tarea: responda la pregunta o envíe /cancelar."
NOT_ALLOWED = "No tiene permiso para eso."
BUTTON_EXPIRED = "Ese botón ya no es válido."
CONVERSATION_EXPIRED = (
    "Su tarea en curso se canceló tras 30 minutos sin respuesta. Nada se guardó; "
    "puede empezar de nuevo cuando quiera."
)

# /instalar
INSTALL_CODE = "Nueva instalación. ¿Cuál es el código de la cocina (en su placa)?"
INSTALL_NAME = "¿Nombre del hogar (jefe o jefa de familia)?"
INSTALL_PHONE = "¿Celular del hogar? (9 dígitos; recibirá los SMS del programa)"
INSTALL_DISTRICT = "¿Distrito?"
INSTALL_DISTRICT_FREE = "¿Distrito? (escríbalo)"
INSTALL_COMMUNITY = "¿Comunidad o caserío?"
INSTALL_LOCATION = "Envíe la ubicación de la casa con el botón, o «Sin ubicación»."
INSTALL_NO_LOCATION_REASON = "¿Por qué no hay ubicación? (una frase)"
INSTALL_BASELINE = "¿Con qué cocinaba el hogar antes?"
INSTALL_PHOTO = "Envíe una foto de la cocina instalada, u «Omitir foto»."
INSTALL_SUMMARY = (
    "Resumen:\nCódigo: {code}\nHogar: {name}\nCelular: {phone}\nDistrito: {district}\n"
    "Comunidad: {community}\nUbicación: {location}\nCocina anterior: {baseline}\nFoto: {photo}\n\n"
    "¿Confirma?"
)
INSTALL_FIELDS = {"code": "Código", "name": "Hogar", "phone": "Celular", "district": "Distrito",
                  "community": "Comunidad", "location": "Ubicación", "baseline": "Cocina anterior",
                  "photo": "Foto"}
INSTALL_CONSENT = (
    "¿El hogar recibió el aviso de privacidad (qué datos guardamos, para qué, por cuánto tiempo "
    "y que van a Suiza) y aceptó participar?"
)
INSTALL_NO_CONSENT = (
    "Sin el acuerdo del hogar no se registra la instalación. Nada fue guardado; vuelva a "
    "/instalar cuando el hogar acepte."
)
INSTALL_DONE = "Instalación {code} registrada. Enviamos un SMS de bienvenida al hogar."
NEEDS_LOCATION = "Necesito la ubicación: use el botón «Enviar ubicación» o elija «Sin ubicación»."
NEEDS_TEXT = "Responda con texto, por favor."
NEEDS_PHOTO = "Envíe una foto (no un archivo), o use el botón para omitirla."
PHOTO_TOO_LARGE = "La foto es demasiado grande (máx. {mb} MB). Envíe una más pequeña."
PHOTO_FAILED = "No pude descargar la foto de Telegram. Envíela de nuevo, por favor."
PHOTO_NOT_IMAGE = "Eso no es una foto (JPEG, PNG o WebP). Envíe una foto, por favor."
CHOOSE_BUTTON = "Elija una opción con los botones, por favor."
CONFIRM = "Confirmar"
CORRECT = "Corregir"
CORRECT_WHICH = "¿Qué dato corrige?"
CANCEL = "Cancelar"
CODE_AGAIN = "Escriba el código de la placa de la cocina, o /cancelar."
SKIP_LOCATION = "Sin ubicación"
SEND_LOCATION = "📍 Enviar ubicación"
SKIP_PHOTO = "Omitir foto"
NONE = "—"
BASELINE_LABELS = {"open_fire": "Fogón abierto", "traditional_stove": "Cocina tradicional",
                   "other": "Otra"}

# /visita
VISIT_CODE = "Visita de verificación. ¿Código de la cocina?"
VISIT_FOUND_QUESTION = "¿Encontró la cocina? ¿Está en uso?"
VISIT_FOUND = "Cocina {code} – {household}, {community} ({district}).\n" + VISIT_FOUND_QUESTION
FOUND_LABELS = {"in_use": "En uso", "not_in_use": "Encontrada, sin uso",
                "not_found": "No encontrada"}
VISIT_NOT_FOUND_REASON = "¿Por qué no la encontró? (hogar ausente, se mudó, …)"
VISIT_CONDITION = "¿En qué estado está?"
VISIT_OPEN_FIRE = "¿El hogar sigue usando también el fogón abierto?"
VISIT_NOTES = "Escriba la nota de la visita (o «Sin notas»):"
VISIT_LOCATION = "Envíe su ubicación actual con el botón, o «Sin ubicación»."
VISIT_PHOTO = "Envíe una foto de la cocina, u «Omitir foto»."
VISIT_FAR_ASK = (
    "⚠️ Está a {km:.1f} km de la ubicación registrada de la cocina. ¿Está en la casa? "
    "Reenvíe la ubicación o continúe."
)
RESEND_LOCATION = "📍 Reenviar ubicación"
CONTINUE = "Continuar"
VISIT_SUMMARY = (
    "Resumen de la visita:\nCocina: {code}\nEncontrada: {found}\nEstado: {condition}\n"
    "Fogón abierto: {open_fire}\nNotas: {notes}\nUbicación: {location}\nFoto: {photo}\n\n"
    "¿Confirma? (para añadir una nota: Corregir › Notas)"
)
VISIT_FIELDS = {"found": "Encontrada / en uso", "condition": "Estado", "open_fire": "Fogón",
                "notes": "Notas", "location": "Ubicación", "photo": "Foto"}
VISIT_SAVED = "Visita a {code} registrada."
VISIT_NOT_FOUND_SAVED = (
    "Registrado: cocina {code} no encontrada. Si está en la muestra, se podrá usar una reserva."
)
VISIT_FAR = (
    "⚠️ Su ubicación está a {km:.1f} km de la ubicación registrada de la cocina: la visita "
    "queda marcada para revisión."
)
YES = "Sí"
NO = "No"
NO_NOTES = "Sin notas"
CONDITION_LABELS = {"good": "Buena", "needs_repair": "Necesita reparación",
                    "broken": "Malograda", "removed": "Retirada"}

# Repair tickets
TICKET_NEW = (
    "🔧 Reclamo #{ticket} – cocina {code}, {community} ({district})\nTel. {phone}\n«{words}»"
)
TICKET_LINE = (
    "#{ticket} · {opened} · {community} ({district})\nCocina {code} · Tel. {phone}\n"
    "«{words}»{taken}"
)
TICKET_TAKEN_BY = "\nAtiende: {name}"
TICKETS_NONE = "No hay reclamos abiertos en sus distritos."
TICKETS_HEADER = "Reclamos abiertos ({count}), los más antiguos primero:"
TICKETS_MORE = "Ver más"
TICKET_TAKE = "Tomar"
TICKET_NOTE = "Nota"
TICKET_CLOSE = "Cerrar"
TICKET_CALL = "Llamar"
TICKET_VIEW = "Ver"
TICKET_TOOK = "Tomó el reclamo #{ticket}."
TICKET_PHONE = "📞 Reclamo #{ticket} – {household}: <a href=\"tel:{phone}\">{phone}</a>"
TICKET_TAKE_FIRST = "Tome el reclamo para ver el teléfono del hogar."
TICKET_ASK_NOTE = "Escriba la nota para el reclamo #{ticket}:"
TICKET_ASK_CLOSE = "¿Qué se hizo para resolver el reclamo #{ticket}?"
TICKET_NOTED = "Nota añadida al reclamo #{ticket}."
TICKET_CLOSED = "Reclamo #{ticket} cerrado. Avisamos al hogar por SMS."
TICKET_GONE = "El reclamo #{ticket} ya está cerrado o no existe."
TICKET_ESCALATED = (
    "⏰ Reclamo #{ticket} lleva {days} días abierto – {community} ({district}).\n«{words}»"
)

# The review inbox (/revisar)
REVIEW_NONE = "No hay mensajes por revisar en sus distritos."
REVIEW_HEADER = "Mensajes por revisar ({count}), los más antiguos primero:"
REVIEW_ITEM = (
    "#{message} · {received} · {community} ({district})\n"
    "Cocina {code} · Tel. {phone} · semana {week}\n«{words}»\n{recent}"
)
REVIEW_NO_HOUSEHOLD = "sin hogar registrado"
REVIEW_RECENT = "Últimos reportes: {reports}"
REVIEW_RECENT_NONE = "Sin reportes anteriores."
REVIEW_USAGE = "Uso {days}"
REVIEW_FIRE = "Fogón {days}"
REVIEW_BOTH = "Uso y fogón"
REVIEW_PROBLEM = "Problema → reclamo"
REVIEW_REGISTER = "Registrar a un código"
REVIEW_STOP = "Baja confirmada"
REVIEW_NOTHING = "Nada que anotar"
REVIEW_ASK_BOTH_USAGE = "#{message}: ¿cuántos días usó la cocina mejorada?"
REVIEW_ASK_BOTH_FIRE = "#{message}: uso {days}. ¿Cuántos días usó el fogón?"
REVIEW_ASK_CODE = "#{message}: escriba el código de la cocina (por ejemplo ABC123):"
REVIEW_DONE = "✔ #{message} resuelto: {reading} ({name}).{told}"
REVIEW_TOLD = " Avisamos al hogar por SMS."
REVIEW_ALREADY = "#{message} ya fue resuelto: {reading} ({name})."
REVIEW_GONE = "El mensaje #{message} no está por revisar."
REVIEW_REFUSED = {
    "no_stove": "El hogar no tiene una cocina activa en esa fecha: elija otra opción.",
    "no_household": "El teléfono no está registrado: use «Registrar a un código».",
    "no_phone": "El mensaje no tiene un teléfono válido: elija «Nada que anotar».",
    "unknown_code": (
        "No hay ninguna cocina con el código {detail}. Escriba otro código o /cancelar."
    ),
    "retired": "La cocina {detail} ya no está activa. Escriba otro código o /cancelar.",
    "no_code": "Escriba un código de cocina o /cancelar.",
}
REVIEW_READINGS = {
    "usage": "uso {days}", "open_fire": "fogón {fire}", "both": "uso {days}, fogón {fire}",
    "problem": "reclamo abierto", "register": "teléfono registrado", "stop": "baja confirmada",
    "nothing": "nada que anotar",
}
REVIEW_ESCALATED = (
    "⏰ Mensaje #{message} lleva {days} días sin revisar – {community} ({district}).\n"
    "«{words}» · /revisar"
)

# /muestra, /silenciosos, /resumen
SAMPLE_NONE = "No hay cocinas de la muestra por visitar en sus distritos."
SAMPLE_HEADER = "Muestra por visitar ({count}):"
SAMPLE_LINE = "{code}{reserve} · {household} · {community} ({district}){distance}"
SAMPLE_RESERVE = " (reserva)"
SAMPLE_NEAREST = "📍 Ordenar por cercanía"
SAMPLE_HINT = "Para registrar: /visita CÓDIGO"
SILENT_USAGE = "Use /silenciosos o /silenciosos N (semanas, de 1 a 52)."
SILENT_NONE = "Ningún hogar lleva {weeks} semanas sin reportar en sus distritos."
SILENT_HEADER = "Hogares en silencio hace {weeks} semanas o más, sin mensajes ni visitas ({count}):"
SILENT_LINE = "{code} · {household} · {community} ({district}) · Tel. {phone} · último: {last}"
SILENT_NEVER = "nunca"
SUMMARY = (
    "Resumen semana {week}\n"
    "Reportes recibidos: {reports}\n"
    "Tasa de respuesta: {rate}\n"
    "Reportan uso: {use}\n"
    "Reclamos abiertos: {tickets}\n"
    "Muestra visitada: {visited} de {main}"
)
MORE = "Ver más"

EMAIL_SUBJECT = "Su código de verificación"
EMAIL_BODY = (
    "Hola {name}:\n\nSu código para confirmar este correo en el programa de cocinas "
    "mejoradas es {code}. Vence en {minutes} minutos.\n\nEnvíe /correo {code} al bot, o "
    "déselo a quien le inscribió. Si no lo pidió, ignore este mensaje."
)
EMAIL_USAGE = (
    "Correo para el resumen semanal: {current}.\n"
    "Para cambiarlo: /correo su@correo.pe; luego /correo CÓDIGO con el código que le llegue."
)
EMAIL_NONE = "ninguno"
EMAIL_PENDING = " (por confirmar: {pending})"
EMAIL_SENT = (
    "Le envié un código a {address}. Envíe /correo CÓDIGO antes de {minutes} minutos "
    "para confirmarlo."
)
EMAIL_CONFIRMED = "Listo: el resumen semanal le llegará a {address}."
EMAIL_REFUSED = {
    "address": "Esa dirección de correo no parece válida.",
    "staff": "Su cuenta no está activa.",
    "none": "No hay un código pendiente: envíe primero /correo su@correo.pe.",
    "tries": "Demasiados intentos con ese código: pida otro con /correo su@correo.pe.",
    "wrong": "Ese código no es el que enviamos. Revise el correo e intente de nuevo.",
}
