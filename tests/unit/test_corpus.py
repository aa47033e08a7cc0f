"""The parser's score on the labelled corpus: no false opt-out or false credit on any part,
tuning and held-out >= 99 %, the blind part (when its file is there) >= 95 %."""

from pathlib import Path

import pytest
from corpus.score import BLIND, PARTS, SECTIONS, Row, load, parts, score

TARGETS = {"tune": 0.99, "holdout": 0.99, BLIND: 0.95}
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
def test_tuning_and_held_out_parts_are_read_right_99_percent(part: str) -> None:
    result = score(load(part))
    assert result.accuracy >= TARGETS[part], result.misreadings


@blind_needed
def test_the_blind_part_is_read_right_95_percent() -> None:
    result = score(load(BLIND))
    assert result.accuracy >= TARGETS[BLIND], result.misreadings


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
