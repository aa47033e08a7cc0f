"""Each class of misreading an independent corpus or the retired blind part found, as rows that
failed before the fix."""

import pytest

from core.protocol import Command, Intent, parse

UNREADABLE = Command(Intent.UNREADABLE)
ANSWER_NO = Command(Intent.ANSWER_NO)
ANSWER_YES = Command(Intent.ANSWER_YES)


def usage(n: int | None, fire: int | None = None) -> Command:
    return Command(Intent.USAGE, number=n, open_fire=fire)


def answer(n: int) -> Command:
    return Command(Intent.ANSWER_NUMBER, number=n)


def refused(intent: Intent = Intent.USAGE) -> Command:
    return Command(intent, refused=True)


def problem(text: str) -> Command:
    return Command(Intent.PROBLEM, text=text)


# Hours, weeks, times a day, soles, years, people and dates are never days of use.
UNITS = [
    ("uso 5 horas", refused()),
    ("uso 5 semanas", refused()),
    ("cocine 3 veces al dia", refused(Intent.ANSWER_NUMBER)),
    ("uso 2 veces diarias", refused()),
    ("uso 30 soles", refused()),
    ("uso 2 años", refused()),
    ("somos 4 personas", UNREADABLE),
    ("el 5 de mayo", UNREADABLE),
    ("salgo a las 6", UNREADABLE),
    ("uso 5 dias, 2 horas diario", usage(5)),
    ("uso 3 veces por semana", refused()),  # times are never days
    ("uso 4 dias desde el 2 de mayo", usage(4)),
]

# A negation zeroes the stove it stands before, in its own clause only.
NEGATION = [
    ("no use la cocina, 4 dias fogon", usage(0, 4)),
    ("no use la cocina esta semana", usage(0)),
    ("no prendi la cocina esta semana", answer(0)),
    ("uso 5, no use el fogon", usage(5, 0)),
    ("uso 6 sin fogon", usage(6, 0)),
    ("no use la cocina 3 dias", refused()),  # three days of not using it: unsure, flagged
    ("no, 3 dias con fogon", Command(Intent.OPEN_FIRE, number=3)),
    ("solo el lunes no use", refused()),  # a day of the week: not the whole week, unsure
]

# Words that say "no open fire" after it.
FIRE_ZERO = [
    ("uso 5 dias, fogon nada", usage(5, 0)),
    ("uso 6, fogon no", usage(6, 0)),
    ("fogon ninguno", Command(Intent.OPEN_FIRE, number=0)),
]

# Quechua I (Huanuco, Ancash) beside Quechua II.
QUECHUA = [
    ("uso chusku", usage(4)),
    ("uso pitsqa punchaw", usage(5)),
    ("uso kima", usage(3)),
    ("uso sujta", usage(6)),
    ("uso qanchis", usage(7)),
    ("uso huk punchaw", usage(1)),
    ("ishkay punchaw yanukurqani", answer(2)),
    ("awmi", ANSWER_YES),
    ("manam", ANSWER_NO),
    ("manachu", ANSWER_NO),
    ("imaynalla, uso tawa", usage(4)),
    ("sulpaki uso 5", usage(5)),
]

# Greetings, names and thanks around a count; stories with one count.
CHATTER_AND_STORIES = [
    ("q tal uso 5", usage(5)),
    ("ps uso 3", usage(3)),
    ("hola buenas noches q tal, uso 7", usage(7)),
    ("Buenas, soy Maria Flores, uso 4 dias, gracias", usage(4)),
    ("cocine 4 dias porque fui a la chacra", answer(4)),
    ("solo 2 dias cocine, estuve enferma", answer(2)),
    ("use la cocina toda la semana", usage(7)),
    ("todos los dias", answer(7)),
    ("siete dias completos", answer(7)),
    ("estuve enferma 3 dias", UNREADABLE),  # no stove named: not a report
    ("cocine 2 dias y 5 dias", refused(Intent.ANSWER_NUMBER)),  # two counts: unsure
]

# Problem words about other things are none; stove problems need no keyword.
PROBLEMS = [
    ("la ropa rota del niño", UNREADABLE),
    ("mi celular esta malogrado", UNREADABLE),
    ("la cocina esta bien, no esta rota", UNREADABLE),
    ("uso 5, mi moto esta malograda", usage(5)),
    ("bota mucho humo", problem("bota mucho humo")),
    ("la chimenea esta tapada", problem("la chimenea esta tapada")),
    ("se partio la plancha", problem("se partio la plancha")),
    ("hay una rajadura", problem("hay una rajadura")),
    ("no quiere prender", problem("no quiere prender")),
    ("necesito repuesto", problem("necesito repuesto")),
    ("uso 6, ya no bota humo", usage(6)),
]

# Fractions in words are refused; NO with a reason after the weekly question.
FRACTIONS_AND_ANSWERS = [
    ("uso medio dia", refused()),
    ("media semana", refused(Intent.ANSWER_NUMBER)),
    ("nop", ANSWER_NO),
    ("No, estuve de viaje", ANSWER_NO),
    ("no, estuve enferma", ANSWER_NO),
    ("no tengo cocina", UNREADABLE),  # a stove missing is for staff, not a zero
    ("no se", UNREADABLE),
    ("no quiero participar, no me manden mensajes", Command(Intent.STOP_UNCLEAR)),
]


@pytest.mark.parametrize(
    ("body", "expected"),
    UNITS + NEGATION + FIRE_ZERO + QUECHUA + CHATTER_AND_STORIES + PROBLEMS
    + FRACTIONS_AND_ANSWERS,
)  # fmt: skip
def test_the_reader_reads_each_class_the_independent_corpus_found(
    body: str, expected: Command
) -> None:
    assert parse(body) == expected


# Each class the retired blind part found, as new rows (none is a line of that part).
RETIRED = [
    # Times are never days, whatever the words around them.
    ("use la cocina 3 veces", Command(Intent.USAGE, refused=True)),
    ("uso 4 veces por semana", Command(Intent.USAGE, refused=True)),
    ("tres veces", UNREADABLE),
    # A count of people is no count of days and makes nothing ambiguous.
    ("uso 5 dias, somos 4 en casa", usage(5)),
    ("cocine 6 dias, vivimos 3", answer(6)),
    # A problem word bound to another object is no stove problem.
    ("la terma no calienta pero la cocina la use 2 dias", usage(2)),
    ("mi lampara no funciona, uso 5", usage(5)),
    # "despues", "dsp", "luego" start a new clause.
    ("uso 6 despues de la fiesta no habia nada", usage(6)),
    ("uso 3 luego fuimos al pueblo", usage(3)),
    # Quechua negation with a use verb: zero days, not a failure.
    ("manam cocinata usarqanchu", usage(0)),
    ("mana cocina yanukurqanichu", answer(0)),
    # Greetings, forms of address and misspelled thanks are courtesy.
    ("cuatro dias nomas papito", answer(4)),
    ("5 dias graciaas", answer(5)),
    ("Buenos dias ingeniera, 2 dias nomas", answer(2)),
    ("allinllachu, kimsa punchaw, diospagarasunki", answer(3)),
    # Spellings of "dia" inside the whole-week phrases.
    ("todos los diyitas", answer(7)),
    # A bare count followed by a reason.
    ("tres dias porque fui a la chacra de mi tio", answer(3)),
    # A use verb whose object is the open fire speaks of the open fire.
    ("use el fogon nomas", Command(Intent.OPEN_FIRE)),
    # Quechua and colloquial NO.
    ("manam, rirqani llaqtata", Command(Intent.ANSWER_NO)),
    ("nones", Command(Intent.ANSWER_NO)),
    # A stove code never absorbs a following word without digits.
    ("REGISTRO ABC123 soy Maria", Command(Intent.REGISTER, code="ABC123")),
    ("REGISTRO abc 123 de Pedro", Command(Intent.REGISTER, code="ABC123")),
    # Asking to stop the messages, without the keyword, is taught how to opt out.
    ("dejen de enviarme mensajes", Command(Intent.STOP_UNCLEAR)),
    ("dejen de molestar", Command(Intent.STOP_UNCLEAR)),
]


@pytest.mark.parametrize(("body", "expected"), RETIRED)
def test_the_reader_reads_each_class_the_retired_blind_part_found(
    body: str, expected: Command
) -> None:
    assert parse(body) == expected


SHORT_HEADS = ("", "uso", "use", "usos", "fogon", "tullpa", "fuego")
SHORT_COUNTS = ("0", "5", "8", "05", "una", "un", "cinco", "kima", "ninguno", "medio", "5.5", "½")
SHORT_UNITS = ("", "dias", "dia", "d", "punchaw", "veces", "horas")


def test_the_short_cut_for_common_reports_reads_as_the_full_reader_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.protocol import report
    from core.protocol.text import tokens

    bodies = [
        " ".join(w for w in (head, count, unit) if w)
        for head in SHORT_HEADS
        for count in SHORT_COUNTS
        for unit in SHORT_UNITS
    ]
    fast = {body: report.read_report(body, tokens(body)) for body in bodies}
    monkeypatch.setattr(report, "_simple", lambda body, found: None)
    assert {body: report.read_report(body, tokens(body)) for body in bodies} == fast
