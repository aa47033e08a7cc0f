"""The household SMS parser, checked against what households really type."""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.protocol import DAYS_MAX, DAYS_MIN, Command, Intent, normalise, parse


def usage(n: int | None) -> Command:
    return Command(Intent.USAGE, number=n)


def fire(n: int | None) -> Command:
    return Command(Intent.OPEN_FIRE, number=n)


def answer(n: int) -> Command:
    return Command(Intent.ANSWER_NUMBER, number=n)


def register(code: str | None) -> Command:
    return Command(Intent.REGISTER, code=code)


def problem(text: str) -> Command:
    return Command(Intent.PROBLEM, text=text)


YES = Command(Intent.ANSWER_YES)
NO = Command(Intent.ANSWER_NO)
HELP = Command(Intent.HELP)
STOP = Command(Intent.STOP)
START = Command(Intent.START)
UNREADABLE = Command(Intent.UNREADABLE)


USAGE_CASES = [
    ("USO 5", usage(5)),
    ("Uso 5", usage(5)),
    ("uso5", usage(5)),
    ("USO: 5", usage(5)),
    (" uso  5. ", usage(5)),
    ("Usó 5", usage(5)),
    ("uso=5", usage(5)),
    ("USO-5", usage(5)),
    ("¿uso 5?", usage(5)),
    ("USO 05", usage(5)),
    ("uso 5 dias", usage(5)),
    ("uso 5días", usage(5)),
    ("uso5dias", usage(5)),
    ("USOS 3", usage(3)),
    ("use 2", usage(2)),
    ("Usé 4 días", usage(4)),
    ("uso cinco", usage(5)),
    ("uso sinco dias", usage(5)),
    ("USO CERO", usage(0)),
    ("uso 0", usage(0)),
    ("uso siete", usage(7)),
    ("uso ciete", usage(7)),
    ("uso quatro", usage(4)),
    ("uso seys", usage(6)),
    ("uso una vez", Command(Intent.USAGE, refused=True)),  # times are never days
    ("uso pichqa p'unchaw", usage(5)),
    ("USO PICHQA", usage(5)),
    ("uso ch'usaq", usage(0)),
    ("uso chúsaq", usage(0)),
    ("uso kimsa", usage(3)),
    ("uso quimsa", usage(3)),
    ("uso ishkay", usage(2)),
    ("uso qanchis", usage(7)),
    ("uso tawa", usage(4)),
    ("uso suqta", usage(6)),
    ("uso juk", usage(1)),
    ("USO 9", usage(9)),
    ("uso 15", usage(15)),
    ("uso -3", Command(Intent.USAGE, refused=True)),  # a sign: refused with the range
    ("USO", usage(None)),
    ("uso todos los dias", usage(7)),  # every day of the week
    ("uso.", usage(None)),
    ("Hola, buenos días. USO 6", usage(6)),
    ("UZO 5", UNREADABLE),  # three-letter keywords get no typo tolerance
    ("USA 5", UNREADABLE),
    ("USSO 5", usage(5)),  # ...but this is one swap away from the four-letter USOS
    ("uso la cocina una semana 3 dias", usage(3)),  # digits beat the article "una"
]

OPEN_FIRE_CASES = [
    ("FOGON 2", fire(2)),
    ("fogon2", fire(2)),
    ("Fogón 1", fire(1)),
    ("FOGÓN dos", fire(2)),
    ("FOGOM 2", fire(2)),  # one substitution
    ("FOGN 3", fire(3)),  # one deletion
    ("FOGONN 3", fire(3)),  # stretched
    ("fgoon 4", fire(4)),  # adjacent transposition
    ("fogones 0", fire(0)),
    ("fogata 1", fire(1)),
    ("fuego 3 dias", fire(3)),
    ("tullpa iskay", fire(2)),
    ("FOGON", fire(None)),
    ("fogon 8", fire(8)),
    ("fogon: ninguno", fire(0)),
    ("FOGON:CERO", fire(0)),
    ("luego 3", UNREADABLE),  # "luego" is a word, not a typo of FUEGO
]

REGISTER_CASES = [
    ("REGISTRO ABC123", register("ABC123")),
    ("registro abc-123", register("ABC123")),
    ("REG abc 123", register("ABC123")),
    ("reg ABC.123", register("ABC123")),
    ("Registro: ábc123", register("ABC123")),
    ("registrar abc123", register("ABC123")),
    ("REGITRO abc123", register("ABC123")),
    ("resgistro abc123", register("ABC123")),
    ("registros abc123", register("ABC123")),
    ("REGISTROABC123", register("ABC123")),
    ("registro mi codigo es ABC-123", register("ABC123")),
    ("registro abc123 gracias", register("ABC123")),
    ("ALTA abc-123", register("ABC123")),
    ("alta 20931", register("20931")),
    ("REGISTRO", register(None)),
    ("reg", register(None)),
    ("registro 12", register(None)),  # too short for a stove code
    ("registro ab", register(None)),
    ("REGISTRO ABCDEFGHIJKLM", register(None)),  # 13 characters: too long
    ("REGABC123", UNREADABLE),  # REG glued to a code is too ambiguous
]

PROBLEM_CASES = [
    ("FALLA no prende", problem("no prende")),
    ("FALLA: no prende el fuego", problem("no prende el fuego")),
    ("falla - Se rajó la plancha", problem("Se rajó la plancha")),
    ("FALLA", problem("")),
    ("falla.", problem("")),
    ("FALA la olla", problem("la olla")),
    ("fallla chimenea", problem("chimenea")),
    ("MALOGRADA la chimenea", problem("la chimenea")),
    ("malogrado", problem("")),
    ("PROBLEMA con la puerta", problem("con la puerta")),
    ("problemas", problem("")),
    ("ROTA", problem("")),
    ("roto el tubo", problem("el tubo")),
    ("averia", problem("")),
    ("Avería en la chimenea", problem("en la chimenea")),
    ("no funciona", problem("no funciona")),
    ("No funciona la cocina", problem("No funciona la cocina")),
    ("no sirve la cocina", problem("no sirve la cocina")),
    ("no me prende", problem("no me prende")),
    ("mi cocina ya no funciona", problem("mi cocina ya no funciona")),
    ("la cocina está malograda", problem("la cocina está malograda")),
    ("se rompió la plancha", problem("se rompió la plancha")),
    ("un problema", problem("un problema")),
    ("mana llamk'anchu", problem("mana llamk'anchu")),
    ("hola, falla en la chimenea", problem("en la chimenea")),
]

ANSWER_CASES = [
    ("5", answer(5)),
    ("05", answer(5)),
    (" 3 ", answer(3)),
    ("5 dias", answer(5)),
    ("5dias", answer(5)),
    ("5 días", answer(5)),
    ("0", answer(0)),
    ("7.", answer(7)),
    ("-2", Command(Intent.ANSWER_NUMBER, refused=True)),
    ("15", answer(15)),
    ("cinco", answer(5)),
    ("Cinco días", answer(5)),
    ("sinco", answer(5)),
    ("cero", answer(0)),
    ("uno", answer(1)),
    ("una vez", Command(Intent.UNREADABLE)),  # times are never days
    ("dos veces", Command(Intent.UNREADABLE)),
    ("tres", answer(3)),
    ("cuatro", answer(4)),
    ("seis", answer(6)),
    ("siete", answer(7)),
    ("ocho", answer(8)),
    ("pichqa", answer(5)),
    ("pisqa p'unchaw", answer(5)),
    ("phisqa", answer(5)),
    ("ch'usaq", answer(0)),
    ("chusaq", answer(0)),
    ("huk", answer(1)),
    ("hoq", answer(1)),
    ("iskay", answer(2)),
    ("kinsa", answer(3)),
    ("kimsata", answer(3)),  # Quechua accusative suffix
    ("tawa punchaw", answer(4)),
    ("soqta", answer(6)),
    ("sukta", answer(6)),
    ("qanchischu", answer(7)),
    ("canchis", answer(7)),
    ("SI 5", answer(5)),
    ("si, 5 dias", answer(5)),
    ("Sí, cinco días", answer(5)),
    ("ari pichqa", answer(5)),
    ("no, 0", answer(0)),
    ("dos cocinas", UNREADABLE),  # a number word followed by something else is not an answer
]

YES_NO_CASES = [
    ("SI", YES),
    ("si", YES),
    ("Sí", YES),
    ("si.", YES),
    ("sii", YES),
    ("SIIII!", YES),
    ("ari", YES),
    ("Arí", YES),
    ("si gracias", YES),
    ("NO", NO),
    ("no.", NO),
    ("Nooo", NO),
    ("manan", NO),
    ("mana", NO),
    ("no gracias", NO),
]

SIMPLE_CASES = [
    ("AYUDA", HELP),
    ("ayuda", HELP),
    ("Ayuda!", HELP),
    ("AYDUA", HELP),
    ("ayudaaaa", HELP),
    ("ayudame por favor", HELP),
    ("HELP", HELP),
    ("help me", HELP),
    ("INFO", HELP),
    ("?", HELP),
    ("¿?", HELP),
    (" ?? ", HELP),
    ("sos", HELP),
    ("yanapay", HELP),
    ("BAJA", STOP),
    ("baja.", STOP),
    ("STOP", STOP),
    ("stopp", Command(Intent.STOP_UNCLEAR)),  # opting out takes the keyword spelled right
    ("PARAR", STOP),
    ("SALIR", STOP),
    ("cancelar", STOP),
    ("quiero darme de baja", Command(Intent.STOP_UNCLEAR)),  # ...and alone
    ("ALTA", START),
    ("alta.", START),
    ("ALTA por favor", START),
    ("START", START),
    ("INICIAR", START),
    ("volver", START),
    ("atla", START),  # transposition of ALTA
]

UNREADABLE_CASES = [
    ("", UNREADABLE),
    ("   ", UNREADABLE),
    ("\n\t", UNREADABLE),
    ("...", UNREADABLE),
    ("🔥🔥🔥", UNREADABLE),
    ("👍", UNREADABLE),
    ("'; DROP TABLE phones;--", UNREADABLE),
    ("<script>alert(1)</script>", UNREADABLE),
    ("hola", UNREADABLE),
    ("buenos dias", UNREADABLE),
    ("gracias", UNREADABLE),
    ("falta leña", UNREADABLE),  # "falta" could be ALTA or FALLA: ambiguous, not guessed
    ("alto", UNREADABLE),
    ("luego te escribo", UNREADABLE),
    ("para la cocina", UNREADABLE),
    ("foto", UNREADABLE),
    ("qwerty", UNREADABLE),
    ("x" * 1600, UNREADABLE),
]


@pytest.mark.parametrize(("body", "expected"), USAGE_CASES)
def test_usage(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), OPEN_FIRE_CASES)
def test_open_fire(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), REGISTER_CASES)
def test_register(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), PROBLEM_CASES)
def test_problem(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), ANSWER_CASES)
def test_answer_number(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), YES_NO_CASES)
def test_yes_no(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), SIMPLE_CASES)
def test_help_stop_start(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(("body", "expected"), UNREADABLE_CASES)
def test_unreadable(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ""),
        ("  USO   5 ", "uso 5"),
        ("¿Usó 5?", "uso 5"),
        ("USO-5", "uso 5"),
        ("uso=5", "uso 5"),
        ("Fogón: DOS días", "fogon dos dias"),
        ("ch'usaq p’unchaw", "chusaq punchaw"),
        ("Año ÑANDÚ", "ano nandu"),
        ("ß", "ss"),
        ("🔥 hola 🔥", "hola"),
        ("abc-123", "abc 123"),
        ("ＵＳＯ　５", "uso 5"),  # full-width letters, digits and space
        ("uso ٥", "uso 5"),  # Arabic-Indic digit
    ],
)
def test_normalise(body: str, expected: str) -> None:
    assert normalise(body) == expected


def test_days_range() -> None:
    assert (DAYS_MIN, DAYS_MAX) == (0, 7)


def test_intent_values_are_stable() -> None:
    assert [i.value for i in Intent] == [
        "register",
        "usage",
        "open_fire",
        "answer_number",
        "answer_yes",
        "answer_no",
        "problem",
        "help",
        "stop",
        "start",
        "unreadable",
        "stop_unclear",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "x" * 1600,
        "uso " * 400,
        "no " * 533,
        "9" * 1600,
        "a1" * 800,
        "🔥" * 1600,
        "falla " + "é" * 1594,
        "registro " + "abc 123 " * 198,
        "¿" * 1600,
        ("aaaaaaaaaaaaaaaaaaaa" + "!") * 76,
    ],
)
def test_long_bodies_parse_quickly(body: str) -> None:
    started = time.perf_counter()
    command = parse(body)
    assert isinstance(command.intent, Intent)
    assert time.perf_counter() - started < 0.5


NUMBER_FORMS = {
    0: ["0", "00", "cero", "sero", "ch'usaq", "chusaq", "chúsaq", "ninguno"],
    1: ["1", "01", "uno", "una", "un", "huk", "juk", "hoq"],
    2: ["2", "dos", "iskay", "ishkay"],
    3: ["3", "tres", "kimsa", "kinsa", "quimsa"],
    4: ["4", "cuatro", "quatro", "tawa"],
    5: ["5", "cinco", "sinco", "pichqa", "pichka", "pisqa", "phisqa"],
    6: ["6", "seis", "seys", "suqta", "soqta", "sukta"],
    7: ["7", "siete", "ciete", "qanchis", "qanchischu", "canchis"],
}
USAGE_KEYWORDS = ["uso", "USO", "Uso", "usó", "USÓ", "usos", "use", "usé", "USOS"]
FIRE_KEYWORDS = ["fogon", "FOGON", "Fogón", "fogones", "fogata", "fuego"]
SEPARATORS = [" ", "  ", ": ", "=", "-", ". ", ", ", ":"]
TRAILERS = ["", ".", " dias", " días", " p'unchaw", "!", " dias."]


@st.composite
def numbered_message(draw: st.DrawFn, keywords: list[str]) -> tuple[str, int]:
    n = draw(st.integers(DAYS_MIN, DAYS_MAX))
    keyword = draw(st.sampled_from(keywords))
    separator = draw(st.sampled_from(SEPARATORS))
    number = draw(st.sampled_from(NUMBER_FORMS[n]))
    trailer = draw(st.sampled_from(TRAILERS))
    return f"{keyword}{separator}{number}{trailer}", n


@given(numbered_message(USAGE_KEYWORDS))
def test_every_usage_variant_parses(message: tuple[str, int]) -> None:
    body, n = message
    assert parse(body) == usage(n)


@given(numbered_message(FIRE_KEYWORDS))
def test_every_open_fire_variant_parses(message: tuple[str, int]) -> None:
    body, n = message
    assert parse(body) == fire(n)


@given(st.integers(DAYS_MIN, DAYS_MAX), st.sampled_from(USAGE_KEYWORDS))
def test_usage_glued_to_digit(n: int, keyword: str) -> None:
    assert parse(f"{keyword}{n}") == usage(n)


@given(st.integers(0, 10**9 - 1))
def test_bare_digits_are_answers(n: int) -> None:
    assert parse(str(n)) == answer(n)


@given(st.text())
def test_parse_never_raises(body: str) -> None:
    command = parse(body)
    assert isinstance(command.intent, Intent)


@settings(max_examples=50)
@given(st.text(min_size=1000, max_size=2000))
def test_parse_never_raises_on_long_text(body: str) -> None:
    assert isinstance(parse(body).intent, Intent)


@given(st.text())
def test_normalise_is_idempotent(body: str) -> None:
    once = normalise(body)
    assert normalise(once) == once


@given(st.text())
def test_normalise_leaves_single_spaced_lowercase_words(body: str) -> None:
    result = normalise(body)
    assert result == result.strip()
    assert "  " not in result
    assert all(c.isalnum() or c == " " for c in result)


@given(st.text())
def test_register_codes_are_clean(body: str) -> None:
    command = parse(f"REGISTRO {body}")
    assert command.intent is Intent.REGISTER
    if command.code is not None:
        assert re.fullmatch(r"[A-Z0-9]{3,12}", command.code)


@given(st.text())
def test_problem_text_is_the_households_own_words(body: str) -> None:
    command = parse(f"FALLA {body}")
    assert command.intent is Intent.PROBLEM
    assert command.text is not None
    assert command.text in body
