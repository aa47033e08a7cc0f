"""The parser's score on the labelled corpus: no false opt-out, no false credit, >= 97 %."""

import pytest

from tests.corpus.score import PARTS, load, score

MIN_ACCURACY = 0.97


def test_the_corpus_is_large_enough_with_a_held_out_part() -> None:
    sizes = {part: len(load(part)) for part in PARTS}
    assert sum(sizes.values()) >= 400
    assert sizes["holdout"] >= 100


@pytest.mark.parametrize("part", PARTS)
def test_no_message_opts_a_household_out_that_did_not_mean_to(part: str) -> None:
    assert score(load(part)).false_opt_outs == []


@pytest.mark.parametrize("part", PARTS)
def test_no_message_credits_days_of_use_that_were_not_meant(part: str) -> None:
    assert score(load(part)).false_credits == []


@pytest.mark.parametrize("part", PARTS)
def test_accuracy_is_at_least_97_percent(part: str) -> None:
    result = score(load(part))
    assert result.accuracy >= MIN_ACCURACY, result.misreadings
