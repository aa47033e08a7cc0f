"""The words the household protocol knows, in normalised form (lower case, no accents)."""

from core.protocol.command import Intent

# Opting out silences a phone for good, so it takes one of these words alone, spelled right.
STOP_WORDS = frozenset(("baja", "stop", "parar", "salir", "cancelar"))
# Resuming is harmless if misread: the keyword alone, typos allowed (see keywords.py).
START_WORDS = frozenset(("alta", "start", "iniciar", "inicio", "volver", "reanudar"))
ALTA = "alta"  # START alone, REGISTER when a stove code follows

# Keywords that lead a message ("USO 5", "FALLA no prende").
KEYWORDS: dict[str, Intent] = {
    # Weekly report of days the improved stove was used ("usé" normalises to "use").
    **dict.fromkeys(("uso", "usos", "use"), Intent.USAGE),
    # Days cooked on an open fire. "tullpa" is the Andean three-stone hearth households name
    # it by. "lena" (firewood) is deliberately absent: improved stoves burn wood too.
    **dict.fromkeys(("fogon", "fogones", "fogata", "tullpa", "tulpa"), Intent.OPEN_FIRE),
    **dict.fromkeys(
        ("registro", "registros", "registrar", "registra", "registrarme", "registrame", "reg"),
        Intent.REGISTER,
    ),
    **dict.fromkeys(
        (
            "falla", "fallas", "fallo", "malograda", "malogrado", "malogro", "problema",
            "problemas", "rota", "roto", "averia", "averiada", "averiado",
        ),
        Intent.PROBLEM,
    ),
    # "sos" is here so that it is never read as a typo of anything; yanapay is Quechua.
    **dict.fromkeys(
        ("ayuda", "ayudame", "help", "info", "informacion", "sos", "yanapay", "yanapaway"),
        Intent.HELP,
    ),
    **dict.fromkeys(START_WORDS, Intent.START),
}  # fmt: skip
# "fuego" (fire) counts as the open fire only right before a number ("fuego 3").
FIRE_WORDS = frozenset((*(k for k, i in KEYWORDS.items() if i is Intent.OPEN_FIRE), "fuego"))
USAGE_WORDS = frozenset(k for k, i in KEYWORDS.items() if i is Intent.USAGE)
# Keywords that may have a stove code glued on ("REGISTROABC123"); only long ones.
GLUEABLE_REGISTER = ("registro", "registrar")

YES = frozenset(("si", "ari", "aja"))
NO = frozenset(("no", "mana", "manan"))

NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("cero", "sero", "zero", "ninguno", "ninguna", "ningun"), 0),
    **dict.fromkeys(("uno", "una", "un"), 1),
    **dict.fromkeys(("dos",), 2),
    **dict.fromkeys(("tres",), 3),
    **dict.fromkeys(("cuatro", "quatro", "cuatru", "kuatro"), 4),
    **dict.fromkeys(("cinco", "sinco", "zinco", "cinko", "sinko"), 5),
    **dict.fromkeys(("seis", "seys", "sies", "seiz"), 6),
    **dict.fromkeys(("siete", "ciete", "siette", "sieti", "sete"), 7),
    # Beyond the week, so the caller can answer with the valid range instead of "unreadable".
    **dict.fromkeys(("ocho",), 8),
    **dict.fromkeys(("nueve",), 9),
    **dict.fromkeys(("diez",), 10),
}
QUECHUA_NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("chusaq", "chhusaq", "chusak"), 0),
    **dict.fromkeys(("huk", "juk", "hoq", "huq"), 1),
    **dict.fromkeys(("iskay", "ishkay", "iskai", "iscay", "ishcay"), 2),
    **dict.fromkeys(("kimsa", "kinsa", "quimsa", "quinsa", "kimsha"), 3),
    **dict.fromkeys(("tawa", "tahua"), 4),
    **dict.fromkeys(("pichqa", "pichka", "pisqa", "phisqa", "pichca", "pisca", "pisqha"), 5),
    **dict.fromkeys(("suqta", "soqta", "sukta", "sokta", "socta"), 6),
    **dict.fromkeys(("qanchis", "qanchischu", "canchis", "kanchis", "qanchiz"), 7),
    **dict.fromkeys(("pusaq",), 8),
    **dict.fromkeys(("isqun",), 9),
    **dict.fromkeys(("chunka",), 10),
}
# Quechua glues case and evidential suffixes to numbers: "kimsata", "hukllam", "pichqan".
_QUECHUA_SUFFIXES = ("ta", "tam", "tan", "mi", "m", "n", "chu", "lla", "llam", "llan", "llata")
NUMBERS: dict[str, int] = {
    **{word + suffix: value for word, value in QUECHUA_NUMBER_WORDS.items()
       for suffix in _QUECHUA_SUFFIXES},
    **QUECHUA_NUMBER_WORDS,
    **NUMBER_WORDS,
}  # fmt: skip
# Articles that are also number words: only a number when nothing better is in the message.
ARTICLES = frozenset(("un", "una"))
# "tres y medio", "media semana": a fraction of a day is no count of days.
FRACTION_WORDS = frozenset(("medio", "media", "mitad", "cuarto"))

# Greetings and politeness before the actual command ("Hola, buenos dias. USO 5").
LEADING_FILLERS = frozenset(
    (
        "hola", "ola", "alo", "buenas", "buenos", "buen", "dia", "dias", "tardes", "noches",
        "senor", "senora", "senorita", "quiero", "queremos", "deseo", "por", "favor",
        "porfavor", "porfa", "dar", "darme", "de", "me", "allillanchu", "rimaykullayki",
        "napaykullayki", "ingeniero", "inge", "joven", "amigo", "amiga", "doctor",
    )
)  # fmt: skip
# Words that may surround an answer without changing it ("5 dias nomas, gracias").
COURTESY = frozenset(
    (
        "gracias", "grasias", "muchas", "mil", "ok", "okey", "oki", "oka", "pe", "ya", "listo",
        "bien", "nomas", "porfa", "porfavor", "por", "favor", "saludos", "atte",
        "sulpayki", "sulpay", "solpayki", "yusulpayki", "yusulpay", "anay", "hola", "buenas",
        "buenos", "tardes", "noches", "senor", "senora", "senorita", "ingeniero", "inge",
        "bendiciones", "dios", "le", "bendiga", "que", "este", "bueno", "pues",
    )
)  # fmt: skip
# Words that may surround a number of days of use ("la use 5 dias esta semana").
DAY_CONTEXT = frozenset(
    (
        "dia", "dias", "diaz", "d", "punchaw", "punchawkuna", "punchawta", "punchawmi", "vez",
        "veces", "ves", "semana", "semanapi", "a", "la", "el", "lo", "en", "por", "de", "al",
        "cada", "mas", "solo", "solamente", "esta", "pasada", "ultima", "ultimos", "los", "mi",
        "nuestra", "su", "cocina", "cocinita", "mejorada", "nueva", "use", "usamos", "usado",
        "usando", "utilice", "utilizamos", "cocine", "cocinamos", "cocino", "prendi",
        "prendimos", "he", "hemos", "con", "y", "kay", "kunan", "yanukuna", "yanuni",
        "yanurqani", "todo", "bien", "nomas", "tiene", "tengo", "son", "fueron", "fue",
    )
)  # fmt: skip
# Words that may follow a bare NO without it meaning anything else ("no la use").
NO_CONTEXT = DAY_CONTEXT | frozenset(("nada", "ninguno", "ningun", "ninguna", "todavia", "aun"))
# Words before a stove code ("REGISTRO mi codigo es ABC-123").
CODE_FILLERS = frozenset(
    (
        "mi", "su", "el", "la", "es", "me", "codigo", "cod", "numero", "nro", "num", "de",
        "cocina", "estufa", "con", "por", "favor", "porfavor",
    )
)  # fmt: skip
# Courtesy after a stove code, never part of it ("REGISTRO ABC123 ok").
CODE_TRAILERS = frozenset(
    ("ok", "okey", "pe", "ya", "si", "gracias", "grasias", "porfa", "porfavor", "por", "favor",
     "nomas", "listo", "sulpayki", "hola", "saludos", "mil", "muchas", "nada", "mas")
)  # fmt: skip

# A problem mentioned anywhere: it beats any number in the message.
PROBLEM_WORDS = frozenset(
    (
        "falla", "fallas", "fallo", "malograda", "malogrado", "malogro", "malograron",
        "malogrado", "problema", "problemas", "rota", "roto", "rotas", "rotos", "averia",
        "averiada", "averiado", "rompio", "rompe", "roto", "quebro", "quebrada", "quebrado",
        "rajada", "rajado", "rajo", "danada", "danado", "malogra", "pakisqa", "waqllisqa",
    )
)  # fmt: skip
# "sin problemas", "ningun problema", "no hay falla": a problem word that says all is well.
PROBLEM_DENIALS = frozenset(("sin", "ningun", "ninguna", "ninguno", "hay", "tiene", "ni"))
# "no funciona", "no me sirve", "mana llamkanchu": a household saying the stove does not work.
NEGATIONS = frozenset(("no", "mana", "manan"))
CLITICS = frozenset(("me", "le", "la", "lo", "se", "nos", "les", "ya"))
FAILING_VERBS = frozenset(
    (
        "funciona", "funcionan", "funciono", "sirve", "sirven", "sirvio", "prende", "prenden",
        "prendio", "enciende", "encienden", "encendio", "calienta", "jala", "tira", "anda",
        "llamkanchu", "llamkan", "walichu", "jalaba", "calento", "cocina",
    )
)  # fmt: skip
# Verbs that report a failure without a negation ("se rajo", "bota humo", "sale humo").
FAILING_PHRASES = (
    ("bota", "humo"),
    ("sale", "humo"),
    ("se", "cayo"),
    ("se", "rajo"),
    ("se", "quemo"),
    ("se", "salio"),
    ("se", "hundio"),
    ("esta", "rajada"),
)
# "no quiero mas mensajes", "ya no me escriban": wanting out, in words.
STOP_PHRASE_WORDS = frozenset(
    ("mensajes", "mensaje", "escriban", "manden", "envien", "molesten", "llamen", "sms")
)
