"""Each class of misreading the retired blind part found, as new rows that failed before the
fix (none of them is a line of that part)."""

import pytest

from core.protocol import Command, Intent, parse

UNREADABLE = Command(Intent.UNREADABLE)


def usage(n: int | None, fire: int | None = None) -> Command:
    return Command(Intent.USAGE, number=n, open_fire=fire)


def answer(n: int) -> Command:
    return Command(Intent.ANSWER_NUMBER, number=n)


CLASSES = [
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
]


@pytest.mark.parametrize(("body", "expected"), CLASSES)
def test_the_reader_reads_each_class_the_retired_blind_part_found(
    body: str, expected: Command
) -> None:
    assert parse(body) == expected
