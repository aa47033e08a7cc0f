"""Every household text fits one GSM-7 segment, even filled with the widest values."""

import string

import pytest

from core.gsm7 import fits_one_segment, is_gsm7, segment_info
from core.messaging import texts


def _filled(template: str) -> str:
    fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return template.format(**{name: texts.WORST_CASE_FIELDS[name] for name in fields})


@pytest.mark.parametrize("name", sorted(texts.ALL_TEXTS))
def test_text_is_gsm7_and_fits_one_segment(name: str) -> None:
    filled = _filled(texts.ALL_TEXTS[name])
    assert is_gsm7(filled), f"{name} has a character outside GSM-7"
    assert fits_one_segment(filled), f"{name} is {segment_info(filled).units} septets"


def test_no_accented_vowels_that_force_ucs2() -> None:
    for name, value in texts.ALL_TEXTS.items():
        assert not set("áíóúÁÍÓÚ") & set(value), name


def test_every_placeholder_has_a_worst_case_value() -> None:
    for value in texts.ALL_TEXTS.values():
        for _, field, _, _ in string.Formatter().parse(value):
            assert field is None or field in texts.WORST_CASE_FIELDS
