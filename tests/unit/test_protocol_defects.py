"""Each misreading reported in the parser's precision issue, as a row that failed before."""

import pytest

from core.protocol import Command, Intent, parse

UNREADABLE = Command(Intent.UNREADABLE)
STOP_UNCLEAR = Command(Intent.STOP_UNCLEAR)


def usage(n: int | None, fire: int | None = None) -> Command:
    return Command(Intent.USAGE, number=n, open_fire=fire)


def refused(intent: Intent = Intent.USAGE) -> Command:
    return Command(intent, refused=True)


def problem(text: str) -> Command:
    return Command(Intent.PROBLEM, text=text)


# 1. Ordinary words were read as commands through one-letter typo tolerance.
ORDINARY_WORDS = [
    ("pagar cuanto", UNREADABLE),  # was STOP (PARAR)
    ("bajar", UNREADABLE),  # was STOP (BAJA)
    ("Baje un poco", UNREADABLE),  # was STOP
    ("bana", UNREADABLE),  # was STOP; "baña" without its tilde is a word
    ("moto", UNREADABLE),  # was a ticket (ROTO)
    ("roca", UNREADABLE),  # was a ticket (ROTA)
    ("rato", UNREADABLE),
    ("talla 5", UNREADABLE),  # was a ticket (FALLA)
    ("malla", UNREADABLE),
    ("falsa alarma", UNREADABLE),
    ("salio", UNREADABLE),
    ("para la cocina", UNREADABLE),
]

# 2. A leading number won over a problem that followed it.
NUMBER_BEFORE_PROBLEM = [
    ("3 dias no prende", problem("3 dias no prende")),
    ("2 veces se rompio la chimenea", problem("2 veces se rompio la chimenea")),
    ("7 de la mañana no prende", problem("7 de la mañana no prende")),
    ("5 personas en casa", UNREADABLE),  # was 5 days of use
    ("uso 4 pero la chimenea esta rota", problem("uso 4 pero la chimenea esta rota")),
]

# 3. Codes and numbers.
CODES_AND_NUMBERS = [
    ("REGISTRO ABC123 ok", Command(Intent.REGISTER, code="ABC123")),  # was ABC123OK
    ("REGISTRO ABC123 pe", Command(Intent.REGISTER, code="ABC123")),
    ("REGISTRO ABC123 ya", Command(Intent.REGISTER, code="ABC123")),
    ("REGISTRO ABC123 si", Command(Intent.REGISTER, code="ABC123")),
    ("uso ½", refused()),  # was 1
    ("uso 3½", refused()),  # was 31
    ("uso 3 1/2", refused()),
    ("uso -1", refused()),  # was 1
    ("uso 5.5", refused()),  # was 5
    ("uso 5,5", refused()),
    ("-2+3", refused(Intent.ANSWER_NUMBER)),  # was 2
    ("uso tres y medio", refused()),
    ("uso 5 fogon 2", usage(5, fire=2)),  # FOGON was dropped
    ("FOGON 2 USO 5", usage(5, fire=2)),
    ("no, 3 dias con fogon", Command(Intent.OPEN_FIRE, number=3)),  # was 3 days of use
    ("NO", Command(Intent.ANSWER_NO)),  # the conversation asks when nothing is pending
]


@pytest.mark.parametrize(("body", "expected"), ORDINARY_WORDS)
def test_ordinary_words_are_not_commands(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), NUMBER_BEFORE_PROBLEM)
def test_a_problem_anywhere_beats_a_number_in_front(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), CODES_AND_NUMBERS)
def test_codes_and_numbers(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(
    "body", ["BAJA", "baja", "Baja.", "STOP", "Stop!", "PARAR", "SALIR", "cancelar", "¡Bája!"]
)
def test_opting_out_takes_the_keyword_alone(body: str) -> None:
    assert parse(body) == Command(Intent.STOP)


@pytest.mark.parametrize(
    "body",
    [
        "BAJA por favor",
        "quiero darme de baja",
        "stopp",
        "bajaa",
        "salirr",
        "paraar",
        "no quiero mas mensajes",
        "ya no me manden mensajes",
        "hola baja",
    ],
)
def test_anything_merely_close_to_an_opt_out_is_taught_not_obeyed(body: str) -> None:
    assert parse(body) == STOP_UNCLEAR


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("REGITRO abc123", Command(Intent.REGISTER, code="ABC123")),  # not a word: a typo
        ("AYDUA", Command(Intent.HELP)),
        ("fogom 2", Command(Intent.OPEN_FIRE, number=2)),
        ("FALA la olla", problem("la olla")),
        ("talla", UNREADABLE),  # a word: never FALLA
        ("alto", UNREADABLE),  # a word: never ALTA
        ("luego 3", UNREADABLE),  # a word: never FUEGO
    ],
)
def test_typos_are_forgiven_only_when_they_are_no_common_word(body: str, expected: Command) -> None:
    assert parse(body) == expected
