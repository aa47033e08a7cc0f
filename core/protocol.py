"""The household SMS protocol: turns whatever a household texts into one command.

Households write on feature phones, in Spanish or Quechua, with typos, accents, glued words
and stray punctuation. The parser is forgiving by design but deterministic, never raises,
and runs in linear time so that any body (even 1600 characters of junk) is safe to parse.
"""

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

DAYS_MIN = 0
DAYS_MAX = 7


class Intent(enum.StrEnum):
    """What a household wants, so services can dispatch without looking at raw text."""

    REGISTER = "register"
    USAGE = "usage"
    OPEN_FIRE = "open_fire"
    ANSWER_NUMBER = "answer_number"
    ANSWER_YES = "answer_yes"
    ANSWER_NO = "answer_no"
    PROBLEM = "problem"
    HELP = "help"
    STOP = "stop"
    START = "start"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Command:
    """A parsed SMS, carrying only what the intent needs so handlers never re-parse text."""

    intent: Intent
    number: int | None = None
    code: str | None = None
    text: str | None = None


# --- Vocabulary --------------------------------------------------------------------------
# All words are written in normalised form (lower case, no accents, no apostrophes).

_KEYWORDS: dict[str, Intent] = {
    # Weekly report of days the improved stove was used ("usé" normalises to "use").
    **dict.fromkeys(("uso", "usos", "use"), Intent.USAGE),
    # Days cooked on an open fire. "tullpa" is the Andean three-stone hearth households name
    # it by. "lena" (firewood) is deliberately absent: improved stoves burn wood too, so
    # "LENA 3" says nothing about which stove was used.
    **dict.fromkeys(("fogon", "fogones", "fogata", "fuego", "tullpa", "tulpa"), Intent.OPEN_FIRE),
    **dict.fromkeys(
        ("registro", "registrar", "registra", "registrarme", "registrame", "reg"),
        Intent.REGISTER,
    ),
    **dict.fromkeys(
        (
            "falla",
            "fallas",
            "fallo",
            "malograda",
            "malogrado",
            "malogro",
            "problema",
            "problemas",
            "rota",
            "roto",
            "averia",
            "averiada",
            "averiado",
        ),
        Intent.PROBLEM,
    ),
    # "sos" is here so that it is never read as a typo of anything; yanapay is Quechua.
    **dict.fromkeys(
        ("ayuda", "ayudame", "help", "info", "informacion", "sos", "yanapay", "yanapaway"),
        Intent.HELP,
    ),
    **dict.fromkeys(("baja", "stop", "parar", "salir", "cancelar"), Intent.STOP),
    # "alta" is START alone and REGISTER when a stove code follows (see _ALTA).
    **dict.fromkeys(("alta", "start", "iniciar", "inicio", "volver", "reanudar"), Intent.START),
}
_ALTA = "alta"
# Keywords that may have a stove code glued on ("REGISTROABC123"); only long ones, since
# "REGABC123" could be anything.
_GLUEABLE_REGISTER = ("registro", "registrar")

# Typos are tolerated only on keywords (and tokens) of this many letters or more.
_TYPO_MIN_LENGTH = 4

# Ordinary words one edit away from a keyword: never read them as that keyword's typo.
_NOT_TYPOS = frozenset(
    (
        "luego", "juego",  # fuego
        "alto", "alla", "acta", "asta", "alba", "alga", "alza", "falta", "salta", "malta",  # alta
        "halla", "valla", "calla", "falda", "gallo", "callo", "tallo", "hallo",  # falla, fallo
        "bajo", "caja", "paja", "raja",  # baja
        "rata", "ropa", "rosa", "ruta", "nota", "gota", "jota", "roja",  # rota
        "foto", "rojo", "robo",  # roto
        "para", "pasar", "salio", "sali", "salia",  # parar, salir
        "culpa", "pulpa",  # tulpa
    )
)  # fmt: skip

_YES = frozenset(("si", "ari"))
_NO = frozenset(("no", "mana", "manan"))

_NUMBER_WORDS: dict[str, int] = {
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
_QUECHUA_NUMBER_WORDS: dict[str, int] = {
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
_NUMBERS: dict[str, int] = {
    **{word + suffix: value for word, value in _QUECHUA_NUMBER_WORDS.items()
       for suffix in _QUECHUA_SUFFIXES},
    **_QUECHUA_NUMBER_WORDS,
    **_NUMBER_WORDS,
}  # fmt: skip

# Words that may follow a number word without changing its meaning ("cinco dias nomas").
_NUMBER_FILLERS = frozenset(
    (
        "dia", "dias", "diaz", "d", "punchaw", "punchawkuna", "punchawta", "punchawmi",
        "vez", "veces", "ves", "semana", "a", "la", "en", "por", "de", "al", "cada",
        "nomas", "mas", "solo", "solamente", "pe",
    )
)  # fmt: skip
# Greetings and politeness before the actual command ("Hola, buenos dias. USO 5").
_LEADING_FILLERS = frozenset(
    (
        "hola", "ola", "alo", "buenas", "buenos", "buen", "dia", "dias", "tardes", "noches",
        "senor", "senora", "senorita", "quiero", "queremos", "deseo", "por", "favor",
        "porfavor", "dar", "darme", "de", "me", "allillanchu", "rimaykullayki",
        "napaykullayki",
    )
)  # fmt: skip
# Words before a stove code ("REGISTRO mi codigo es ABC-123").
_CODE_FILLERS = frozenset(
    (
        "mi", "su", "el", "la", "es", "me", "codigo", "cod", "numero", "nro", "num", "de",
        "cocina", "estufa", "con", "por", "favor", "porfavor",
    )
)  # fmt: skip

# A problem mentioned anywhere in a message that starts with no keyword.
_PROBLEM_WORDS = frozenset(
    (
        "falla", "fallas", "fallo", "malograda", "malogrado", "malogro", "malograron",
        "problema", "problemas", "rota", "roto", "rotas", "rotos", "averia", "averiada",
        "averiado", "rompio", "rompe", "quebro", "quebrada", "quebrado", "rajada", "rajado",
        "rajo", "danada", "danado",
    )
)  # fmt: skip
# "no funciona", "no me sirve", "mana llamkanchu": a household saying the stove does not work.
_NEGATIONS = frozenset(("no", "mana", "manan"))
_CLITICS = frozenset(("me", "le", "la", "lo", "se", "nos", "les", "ya"))
_FAILING_VERBS = frozenset(
    (
        "funciona", "funcionan", "funciono", "sirve", "sirven", "sirvio", "prende", "prenden",
        "prendio", "enciende", "encienden", "encendio", "calienta", "jala", "tira", "anda",
        "llamkanchu", "llamkan", "walichu",
    )
)  # fmt: skip

_CODE_RE = re.compile(r"[A-Z0-9]{3,12}")
# More digits than this is no count of days (and would make int() slow on huge bodies).
_MAX_NUMBER_DIGITS = 9
_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u02bb`\u00b4")
_DROPPED_CATEGORIES = frozenset(("Mn", "Mc", "Me", "Cf"))
# Leading separators trimmed from a problem description ("FALLA: no prende").
_DESCRIPTION_LEAD = " \t\r\n:;,.-=_/"
_HELP_ONLY = frozenset("?¿")


# --- Normalisation and tokens -------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """Fold one character to lower-case letters/ASCII digits, '' (invisible) or ' ' (separator)."""
    if char in _APOSTROPHES:
        # Apostrophes are letters of Quechua spelling (ch'usaq, p'unchaw): join, don't split.
        return ""
    folded = char
    for _ in range(4):  # a compatibility decomposition may yield new upper case: repeat
        step = unicodedata.normalize("NFKD", folded).casefold()
        step = "".join(c for c in step if unicodedata.category(c) not in _DROPPED_CATEGORIES)
        if step == folded:
            break
        folded = step
    out = []
    for c in folded:
        if c in _APOSTROPHES:
            continue  # a decomposition may yield one ("ŉ" -> "ʼn")
        if c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        elif c.isalpha():
            out.append(c)
        else:
            out.append(" ")
    return "".join(out)


def normalise(body: str) -> str:
    """Reduce a body to lower-case words so case, accents and punctuation never matter."""
    return " ".join("".join(_fold(c) for c in body).split())


class _Token(NamedTuple):
    """A run of letters or of digits, with where it sits in the original body."""

    text: str
    start: int
    end: int
    glued: bool  # True when nothing separates it from the previous token ("uso5", "abc123")


def _tokens(body: str) -> list[_Token]:
    """Split a body into letter runs and digit runs, remembering spans for the problem text."""
    tokens: list[_Token] = []
    chars: list[str] = []
    start = end = 0
    separated = True  # whether a separator came before the token being built
    glued = False

    def close() -> None:
        if chars:
            tokens.append(_Token("".join(chars), start, end, glued))
            chars.clear()

    for index, char in enumerate(body):
        folded = _fold(char)
        if not folded:
            if chars:
                end = index + 1  # an accent or apostrophe belongs to the word it is in
            continue
        for c in folded:
            if c == " ":
                close()
                separated = True
                continue
            if chars and c.isdigit() != chars[-1].isdigit():
                close()
                separated = False
            if not chars:
                start, glued = index, not separated and bool(tokens)
            chars.append(c)
            end = index + 1
            separated = False
    close()
    return tokens


def _collapse(word: str) -> str:
    """Squeeze repeated letters ("siii" -> "si") the way people stress a word."""
    return re.sub(r"(.)\1+", r"\1", word)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours, in linear time."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _by_collapsed_form(words: list[str]) -> dict[str, list[str]]:
    """Index keywords by their squeezed form, so "ayudaaa" finds "ayuda" in one look-up."""
    index: dict[str, list[str]] = {}
    for word in sorted(words):
        if len(word) >= _TYPO_MIN_LENGTH:
            index.setdefault(_collapse(word), []).append(word)
    return index


_COLLAPSED_KEYWORDS = _by_collapsed_form(list(_KEYWORDS))


def _match_keyword(word: str) -> str | None:
    """Find the keyword a word means: exact first, then stretched, then one unambiguous typo."""
    if word in _KEYWORDS:
        return word
    if len(word) < _TYPO_MIN_LENGTH or word in _NOT_TYPOS or not word.isalpha():
        return None
    stretched = _COLLAPSED_KEYWORDS.get(_collapse(word), [])
    candidates = stretched or [
        keyword
        for keyword in sorted(_KEYWORDS)
        if len(keyword) >= _TYPO_MIN_LENGTH and _edit_distance_at_most_one(word, keyword)
    ]
    intents = {_KEYWORDS[k] for k in candidates}
    alta_and_other = _ALTA in candidates and len(candidates) > 1
    if len(intents) != 1 or alta_and_other:
        return None  # ambiguous ("falta": alta or falla?) is better unreadable than wrong
    return candidates[0]


def _number_word(word: str) -> int | None:
    """Value of a Spanish or Quechua number word, tolerating stretched letters ("doos")."""
    if word in _NUMBERS:
        return _NUMBERS[word]
    return _NUMBERS.get(_collapse(word))


def _digits(word: str) -> int | None:
    """Value of a digit run, unless it is too long to be a count of days."""
    if not word.isdigit():
        return None
    significant = word.lstrip("0") or "0"
    return int(significant) if len(significant) <= _MAX_NUMBER_DIGITS else None


def _yes_no(word: str) -> Intent | None:
    """Read "si", "sii", "ari", "no", "manan" as an answer, or None."""
    squeezed = _collapse(word)
    if squeezed in _YES:
        return Intent.ANSWER_YES
    if squeezed in _NO:
        return Intent.ANSWER_NO
    return None


def _find_number(tokens: list[_Token]) -> int | None:
    """First number among the words: digits win, since "una" and "un" are also articles."""
    for token in tokens:
        value = _digits(token.text)
        if value is not None:
            return value
    for token in tokens:
        value = _number_word(token.text)
        if value is not None:
            return value
    return None


def _chunks(tokens: list[_Token]) -> list[str]:
    """Re-join glued tokens ("abc" + "123") into the words the household typed."""
    chunks: list[str] = []
    for token in tokens:
        if token.glued and chunks:
            chunks[-1] += token.text
        else:
            chunks.append(token.text)
    return chunks


def _stove_code(chunks: list[str], need_digit: bool) -> str | None:
    """Pull a stove code out of the words after the keyword ("mi codigo es abc-123")."""
    index = 0
    while index < len(chunks) and chunks[index] in _CODE_FILLERS:
        index += 1
    words = [c.upper() for c in chunks[index:]]

    def valid(code: str) -> bool:
        return bool(_CODE_RE.fullmatch(code)) and (not need_digit or any(map(str.isdigit, code)))

    joined = "".join(words)
    if valid(joined):
        return joined
    best = None
    prefix = ""
    # "abc 123 gracias": the longest run of leading words that is a code with a digit.
    for word in words:
        prefix += word
        if len(prefix) > 12:
            break
        if valid(prefix) and any(map(str.isdigit, prefix)):
            best = prefix
    return best


def _mentions_problem(words: list[str]) -> bool:
    """Spot a problem report anywhere: a problem word, or "no (me) funciona" and kin."""
    for index, word in enumerate(words):
        if word in _PROBLEM_WORDS:
            return True
        if word in _NEGATIONS:
            following = words[index + 1 : index + 3]
            if following and following[0] in _CLITICS:
                following = following[1:]
            if following and following[0] in _FAILING_VERBS:
                return True
    return False


def _description(body: str, after: int) -> str:
    """The household's own words after a keyword, trimmed, as the problem description."""
    return body[after:].strip().lstrip(_DESCRIPTION_LEAD).strip()


# --- Parsing ---------------------------------------------------------------------------


def _parse_keyword(keyword: str, body: str, head: _Token, rest: list[_Token]) -> Command:
    """Build the command for a message that starts with a keyword."""
    intent = _KEYWORDS[keyword]
    if intent in (Intent.USAGE, Intent.OPEN_FIRE):
        return Command(intent, number=_find_number(rest))
    if intent is Intent.REGISTER:
        return Command(intent, code=_stove_code(_chunks(rest), need_digit=False))
    if keyword == _ALTA:
        # A bare word after ALTA ("ALTA por favor") is not a code; a code has a digit.
        code = _stove_code(_chunks(rest), need_digit=True)
        return Command(Intent.REGISTER, code=code) if code else Command(Intent.START)
    if intent is Intent.PROBLEM:
        return Command(intent, text=_description(body, head.end))
    return Command(intent)


def parse(body: str) -> Command:
    """Read a household's SMS as one command, never failing: unknown input is UNREADABLE."""
    stripped = "".join(body.split())
    if stripped and set(stripped) <= _HELP_ONLY:
        return Command(Intent.HELP)
    tokens = _tokens(body)
    skip = 0
    while skip < len(tokens) - 1 and tokens[skip].text in _LEADING_FILLERS:
        skip += 1
    tokens = tokens[skip:]
    if not tokens or tokens[0].text in _LEADING_FILLERS:
        return Command(Intent.UNREADABLE)
    head, rest = tokens[0], tokens[1:]
    words = [t.text for t in tokens]

    if head.text in _KEYWORDS:
        return _parse_keyword(head.text, body, head, rest)
    for prefix in _GLUEABLE_REGISTER:
        if head.text.startswith(prefix) and len(head.text) > len(prefix):
            # "REGISTROABC123": only when what is glued on is a whole code with a digit, so
            # that "registros" or "registrarse" stay words.
            remainder = _Token(head.text[len(prefix) :], head.start, head.end, False)
            glued = _chunks([remainder, *rest])[:1]
            code = _stove_code(glued, need_digit=True) if glued[0] not in _CODE_FILLERS else None
            if code is not None:
                return Command(Intent.REGISTER, code=code)

    value = _digits(head.text)
    if value is not None:
        return Command(Intent.ANSWER_NUMBER, number=value)
    value = _number_word(head.text)
    if value is not None and all(t.text in _NUMBER_FILLERS for t in rest):
        return Command(Intent.ANSWER_NUMBER, number=value)

    answer = _yes_no(head.text)
    if answer is not None:
        # "no funciona": a problem report; "si, 5 dias": the number is the real answer.
        if _mentions_problem(words):
            return Command(Intent.PROBLEM, text=body.strip())
        value = _find_number([t for t in rest if t.text.isdigit()])
        if value is None and rest and all(t.text in _NUMBER_FILLERS for t in rest[1:]):
            value = _number_word(rest[0].text)
        if value is not None:
            return Command(Intent.ANSWER_NUMBER, number=value)
        return Command(answer)

    keyword = _match_keyword(head.text)
    if keyword is not None:
        return _parse_keyword(keyword, body, head, rest)
    if _mentions_problem(words):
        return Command(Intent.PROBLEM, text=body.strip())
    return Command(Intent.UNREADABLE)
