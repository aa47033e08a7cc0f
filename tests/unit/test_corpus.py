"""The parser's score on the labelled corpus: no false opt-out or false credit on any part;
messages read right (same outcome as meant) >= 99 % on tuning and held-out, >= 97 % on the
retired blind part, >= 95 % on the blind part when its file is there."""

from pathlib import Path

import pytest
from corpus.score import BLIND, PARTS, SECTIONS, Label, Row, load, parts, score

TARGETS = {"tune": 0.99, "holdout": 0.99, "retired": 0.97, BLIND: 0.95}
blind_needed = pytest.mark.skipif(BLIND not in parts(), reason="no blind part in tests/corpus")


def test_the_corpus_is_large_enough_with_a_held_out_part() -> None:
    sizes = {part: len(load(part)) for part in PARTS}
    assert sum(sizes.values()) >= 600
    assert sizes["holdout"] >= 200


@pytest.mark.parametrize("part", parts())
def test_no_message_opts_a_household_out_that_did_not_mean_to(part: str) -> None:
    assert score(load(part)).false_opt_outs == []


@pytest.mark.parametrize("part", parts())
def test_no_message_credits_days_of_use_that_were_not_meant(part: str) -> None:
    assert score(load(part)).false_credits == []


@pytest.mark.parametrize("part", PARTS)
def test_tuning_held_out_and_retired_parts_are_read_right(part: str) -> None:
    result = score(load(part))
    assert result.outcome_accuracy >= TARGETS[part], result.wrong_outcomes


@blind_needed
def test_the_blind_part_is_read_right_95_percent() -> None:
    result = score(load(BLIND))
    assert result.outcome_accuracy >= TARGETS[BLIND], result.wrong_outcomes


@pytest.mark.parametrize(
    ("meant", "read", "same"),
    [
        (Label("usage", "3"), Label("answer_number", "3"), True),
        (Label("usage", "3", "1"), Label("answer_number", "3"), False),
        (Label("usage", "x"), Label("usage", "9"), True),
        (Label("unreadable"), Label("usage", "x"), True),
        (Label("unreadable"), Label("answer_number", "8"), True),
        (Label("open_fire", "2"), Label("usage", "2"), False),
        (Label("usage"), Label("open_fire"), False),
        (Label("unreadable"), Label("usage"), False),
        (Label("register", "ABC123"), Label("register", "ABC12"), False),
        (Label("answer_no"), Label("answer_number", "0"), False),
    ],
)
def test_readings_with_the_same_action_have_the_same_outcome(
    meant: Label, read: Label, same: bool
) -> None:
    assert (meant.outcome() == read.outcome()) is same


def test_blind_lines_are_scored_apart_by_their_plain_and_hard_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus import score as scoring

    (tmp_path / "blind.txt").write_text(
        "# written blind\n# plain\nusage|5||uso 5\n# hard\nusage|3||kima punchaw uso\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(scoring, "HERE", tmp_path)
    rows: list[Row] = scoring.load(BLIND)
    assert [(r.body, r.section) for r in rows] == [("uso 5", "plain"), ("kima punchaw uso", "hard")]
    assert BLIND in scoring.parts()
    printed = scoring.report(BLIND)
    assert all(f"{BLIND} ({section}): 1 messages" in printed for section in SECTIONS)
