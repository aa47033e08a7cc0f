"""GSM-7 segment counting and transliteration, checked against hand-counted texts."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.gsm7 import (
    BASIC_CHARS,
    EXTENSION_CHARS,
    GSM7_CHARS,
    SegmentInfo,
    fits_one_segment,
    is_gsm7,
    segment_count,
    segment_info,
    septet_length,
    to_gsm7,
)

# Every printable character of the basic table, as listed in 3GPP TS 23.038.
BASIC_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION_TABLE = "\f^{}\\[~]|€"


def test_basic_table_has_127_characters_and_no_escape() -> None:
    assert len(BASIC_TABLE) == 127
    assert set(BASIC_TABLE) == BASIC_CHARS
    assert "\x1b" not in GSM7_CHARS


def test_extension_table_is_exactly_the_two_septet_characters() -> None:
    assert set(EXTENSION_TABLE) == EXTENSION_CHARS
    assert not EXTENSION_CHARS & BASIC_CHARS


@pytest.mark.parametrize("char", list(BASIC_TABLE))
def test_every_basic_character_costs_one_septet(char: str) -> None:
    assert is_gsm7(char)
    assert septet_length(char) == 1


@pytest.mark.parametrize("char", list(EXTENSION_TABLE))
def test_every_extension_character_costs_two_septets(char: str) -> None:
    assert is_gsm7(char)
    assert septet_length(char) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "USO 5",
        "Cocina Tuki Wasi: envie USO y un numero de 0 a 7.",
        "Año nuevo, cocina nueva: ñ y Ñ estan en la tabla",
        "Pingüino ÜBER café é è à ù ì ò",
        "Precio: 5€ [aprox] {nota} ~ | ^ \\",
        "linea 1\nlinea 2\r\n",
        "ΔΦΓΛΩΠΨΣΘΞ ÆæßÉ Øø Åå",
    ],
)
def test_gsm7_texts(text: str) -> None:
    assert is_gsm7(text)


@pytest.mark.parametrize(
    "text",
    [
        "á",
        "Usó su cocina",
        "¿Cuántos días?",
        "Ó",
        "ç",
        "“comillas”",
        "guion – largo",
        "🔥",
        "\x1b",
        "\t",
        "ЖЖЖ",
        "中文",
        "ch’usaq",
    ],
)
def test_non_gsm7_texts(text: str) -> None:
    assert not is_gsm7(text)
    assert segment_info(text).encoding == "UCS-2"
    with pytest.raises(ValueError):
        septet_length(text)


@pytest.mark.parametrize(
    ("text", "septets"),
    [
        ("", 0),
        ("USO 5", 5),
        ("ñandu", 5),
        ("€", 2),
        ("5€", 3),
        ("{}", 4),
        ("[ABC-123]", 11),
        ("a\fb", 4),
        ("\\", 2),
        ("^~|", 6),
        ("Ñ@£$¥", 5),
    ],
)
def test_septet_length(text: str, septets: int) -> None:
    assert septet_length(text) == septets


@pytest.mark.parametrize(
    ("text", "units", "segments"),
    [
        ("", 0, 1),
        ("a", 1, 1),
        ("a" * 160, 160, 1),
        ("a" * 161, 161, 2),
        ("a" * 306, 306, 2),
        ("a" * 307, 307, 3),
        ("a" * 459, 459, 3),
        ("a" * 460, 460, 4),
        ("ñ" * 160, 160, 1),
        ("€" * 80, 160, 1),
        ("€" * 81, 162, 2),
        ("a" * 159 + "€", 161, 2),
        ("a" * 158 + "€", 160, 1),
        # 152 + € does not fit in 153, so € opens segment 2: 2 + 151 fills it, 1 spills.
        ("a" * 152 + "€" + "a" * 152, 306, 3),
        ("a" * 153 + "€" + "a" * 151, 306, 2),
        ("{" * 153, 306, 3),
    ],
)
def test_gsm7_segments(text: str, units: int, segments: int) -> None:
    assert segment_info(text) == SegmentInfo("GSM-7", units, segments)
    assert segment_count(text) == segments


@pytest.mark.parametrize(
    ("text", "units", "segments"),
    [
        ("á", 1, 1),
        ("á" * 70, 70, 1),
        ("á" * 71, 71, 2),
        ("á" * 134, 134, 2),
        ("á" * 135, 135, 3),
        ("a" * 69 + "á", 70, 1),
        ("a" * 150 + "á", 151, 3),
        ("🔥", 2, 1),
        ("🔥" * 35, 70, 1),
        ("🔥" * 36, 72, 2),
        ("a" * 69 + "🔥", 71, 2),
        ("👍🏽", 4, 1),
        # 66 + an emoji pair would split at unit 67, so the pair opens segment 2.
        ("á" * 66 + "🔥" + "á" * 66, 134, 3),
        ("á" * 65 + "🔥" + "á" * 67, 134, 2),
        ("Usó 5 días 😊", 13, 1),
    ],
)
def test_ucs2_segments(text: str, units: int, segments: int) -> None:
    assert segment_info(text) == SegmentInfo("UCS-2", units, segments)
    assert segment_count(text) == segments


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("", True),
        ("a" * 160, True),
        ("a" * 161, False),
        ("€" * 80, True),
        ("€" * 81, False),
        ("á", False),
        ("Usted uso su cocina 5 dias. Gracias.", True),
        ("Usted usó su cocina", False),
    ],
)
def test_fits_one_segment(text: str, fits: bool) -> None:
    assert fits_one_segment(text) is fits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("USO 5", "USO 5"),
        ("á í ó ú", "a i o u"),
        ("Á Í Ó Ú", "A I O U"),
        ("À Â Ê Î Ô Û", "A A E I O U"),
        ("é è à ù ì ò É", "é è à ù ì ò É"),
        ("ñ Ñ ü Ü ä ö Ä Ö", "ñ Ñ ü Ü ä ö Ä Ö"),
        ("¿Cuántos días usó su cocina?", "¿Cuantos dias uso su cocina?"),
        ("Año y señal", "Año y señal"),
        ("“Tuki Wasi”", '"Tuki Wasi"'),
        ("‘sí’", "'si'"),
        ("«hola»", '"hola"'),
        ("ch’usaq p’unchaw", "ch'usaq p'unchaw"),
        ("0–7 días — gracias", "0-7 dias - gracias"),
        ("Espere…", "Espere..."),
        ("ç", "Ç"),
        ("ω", "Ω"),
        ("e\u0301", "é"),
        ("a\u0301", "a"),
        ("5 €", "5 €"),
        ("precio\u00a0total", "precio total"),
        ("a\tb", "a b"),
        ("ﬁn", "fin"),
        ("🔥", "?"),
        ("cocina 🔥 ok", "cocina ? ok"),
        ("中文", "??"),
        ("\x1b", "?"),
        ("zero\u200bwidth", "zerowidth"),
        ("Línea 1\nLínea 2", "Linea 1\nLinea 2"),
    ],
)
def test_to_gsm7(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected
    assert is_gsm7(to_gsm7(text))


@pytest.mark.parametrize(
    "text",
    [
        "Bienvenido de nuevo. Volverá a recibir mensajes.",
        "¿Cuántos días de los últimos 7 usó su cocina mejorada? Responda un número de 0 a 7.",
    ],
)
def test_transliterated_household_texts_fit_one_segment(text: str) -> None:
    assert not fits_one_segment(text)
    assert fits_one_segment(to_gsm7(text))


@given(st.text())
def test_to_gsm7_output_is_always_gsm7(text: str) -> None:
    assert is_gsm7(to_gsm7(text))


@given(st.text())
def test_to_gsm7_is_idempotent(text: str) -> None:
    once = to_gsm7(text)
    assert to_gsm7(once) == once


@given(st.text(GSM7_CHARS))
def test_to_gsm7_leaves_gsm7_text_alone(text: str) -> None:
    assert to_gsm7(text) == text


@given(st.text())
def test_segment_count_is_at_least_one(text: str) -> None:
    info = segment_info(text)
    assert info.segments >= 1
    assert segment_count(text) == info.segments


@given(st.text(GSM7_CHARS, max_size=800))
def test_gsm7_segments_bound(text: str) -> None:
    info = segment_info(text)
    assert info.units == septet_length(text)
    if info.units <= 160:
        assert info.segments == 1
    else:
        # Never fewer than the naive count, and at most one wasted septet per segment.
        assert math.ceil(info.units / 153) <= info.segments <= math.ceil(info.units / 152)


@given(st.text(min_size=1, max_size=400).filter(lambda t: not is_gsm7(t)))
def test_ucs2_segments_bound(text: str) -> None:
    info = segment_info(text)
    assert info.encoding == "UCS-2"
    assert info.units == len(text.encode("utf-16-le")) // 2
    if info.units <= 70:
        assert info.segments == 1
    else:
        assert math.ceil(info.units / 67) <= info.segments <= math.ceil(info.units / 66)
