"""The report's sentences have one copy: the catalogue writes the English and reads it back.

Every explanation the report's computation writes comes from `say` and a key of the
catalogue, so a sentence written in English is read back into Spanish by the same template.
"""

import ast
from pathlib import Path

import pytest

from core.reporting.wording import Wording, catalogue
from core.reporting.wording.english import say
from core.reporting.wording.match import FREE_TEXT, placeholders

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = catalogue()["sentences"]


def sample(template: str) -> dict[str, str]:
    """A distinct value for each placeholder: one token, or free text with a space and a comma."""
    return {
        name: f"<{name}> x, y" if name in FREE_TEXT else f"<{name}>"
        for name in placeholders(template)
    }


@pytest.mark.parametrize("key", sorted(SENTENCES))
def test_a_sentence_said_in_english_is_read_back_as_its_spanish(key):
    english, spanish = SENTENCES[key]
    params = sample(english)
    written = say(key, **params)
    assert written == english.format(**params)
    assert Wording("es").sentence(written) == spanish.format(**params)
    assert Wording("en").sentence(written) == written


def test_a_sentence_missing_a_placeholder_or_given_one_too_many_is_refused():
    with pytest.raises(TypeError, match="u.below_n_min"):
        say("u.below_n_min", n=3, n_min=30)
    with pytest.raises(TypeError, match="note.provisional"):
        say("note.provisional", n=3)
    with pytest.raises(KeyError):
        say("no.such.sentence")


def keys_said(source: str) -> set[str]:
    """The sentence keys a module passes to `say(...)` (a conditional picks one of several)."""
    keys = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
            keys |= {
                c.value
                for c in ast.walk(node.args[0])
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return keys


def test_the_key_finder_finds_a_conditional_key():
    source = 'say("a.b" if x else "c.d", n=1)\nother("e.f")'
    assert keys_said(source) == {"a.b", "c.d"}


def test_every_sentence_of_the_catalogue_is_written_by_the_computation_and_no_other():
    said: set[str] = set()
    for path in (ROOT / "core").rglob("*.py"):
        if "wording" not in path.parts:
            said |= keys_said(path.read_text(encoding="utf-8"))
    assert said == set(SENTENCES)
