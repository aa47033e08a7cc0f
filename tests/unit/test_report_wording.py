"""The report's catalogue of words: every entry in both languages, with the same placeholders."""

import pytest

from core.reporting.wording import LANGUAGES, Wording, catalogue
from core.reporting.wording.match import placeholders

ENTRIES = [
    (kind, key, texts) for kind, table in catalogue().items() for key, texts in table.items()
]


@pytest.mark.parametrize(("kind", "key", "texts"), ENTRIES, ids=[e[1] for e in ENTRIES])
def test_every_entry_is_in_both_languages_with_the_same_placeholders(kind, key, texts):
    assert len(texts) == len(LANGUAGES)
    assert all(text.strip() for text in texts)
    english, spanish = texts
    assert sorted(placeholders(english)) == sorted(placeholders(spanish))


def test_the_spanish_carries_accents_and_differs_from_the_english():
    spanish = " ".join(texts[1] for table in catalogue().values() for texts in table.values())
    assert all(letter in spanish for letter in "áéíóúñ")
    labels = catalogue()["labels"]
    same = [key for key, (en, es) in labels.items() if en == es]
    assert same == ["no", "total"]  # words that are the same in both languages


def test_a_nested_sentence_is_read_back_part_by_part():
    text = (
        "the sample is unfinished: 3 of 10 drawn stoves visited, 7 not yet visited; "
        "only 3 stoves verified, fewer than n_min = 30: the 90/10 rule cannot pass, so the "
        "lower confidence bound 0.3214 is credited instead of p"
    )
    assert Wording("es").sentence(text) == (
        "la muestra está incompleta: 3 de 10 cocinas sorteadas visitadas, 7 aún sin visitar; "
        "solo 3 cocinas verificadas, menos que n_min = 30: la regla 90/10 no puede cumplirse, "
        "por eso se acredita el límite inferior de confianza 0.3214 en vez de p"
    )
    assert Wording("en").sentence(text) == text


def test_a_reason_someone_typed_stays_as_written_inside_its_sentence():
    text = "cohort 2023: lluvias en la sierra; none of its stove-days credited"
    assert Wording("es").sentence(text) == (
        "cohorte 2023: lluvias en la sierra; ninguno de sus días-cocina se acredita"
    )


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        Wording("fr")
