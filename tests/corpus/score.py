"""The SMS parser's score on the labelled corpus: python -m tests.corpus.score [PART ...].

Prints, for each part (tune, holdout, retired, and blind when blind.txt exists), the exact
and the outcome accuracy, the false opt-outs and false credits, the confusion matrix of intents
(rows: meant, columns: read) and every misreading (`!` marks a wrong outcome). A blind part is
written by someone who never read the parser; lines after a `# plain` comment and after a
`# hard` comment are also scored apart. `retired` is a former blind part, now tuned on.
`--sweep` scores the tuning part at several common-word thresholds (how COMMON_ZIPF was set).
"""

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.protocol import DAYS_MAX, DAYS_MIN, Command, Intent, keywords, parse

HERE = Path(__file__).resolve().parent
PARTS = ("tune", "holdout", "retired")
BLIND = "blind"
SECTIONS = ("plain", "hard")
CREDITS = (Intent.USAGE.value, Intent.ANSWER_NUMBER.value)
_COUNTED = (*CREDITS, Intent.OPEN_FIRE.value)
FLAGGED = ("flagged",)


@dataclass(frozen=True)
class Label:
    """What a message means: intent, value (days, stove code or x for refused), FOGON days."""

    intent: str
    value: str = ""
    fire: str = ""

    def credit(self) -> str | None:
        """Days of use this reading records (a bare NO records 0 when a question is pending)."""
        if self.intent == Intent.ANSWER_NO.value:
            return "0"
        if self.intent in CREDITS and self.value.isdigit():
            return self.value if DAYS_MIN <= int(self.value) <= DAYS_MAX else None
        return None

    def outcome(self) -> tuple[str, ...]:
        """What the service does with this reading, so labels differing only by convention
        agree: days of use (as USO or as an answer) with their open-fire figure, open-fire
        days, or flagged with nothing recorded (unreadable, refused, out of range)."""
        if self.intent == Intent.UNREADABLE.value:
            return FLAGGED
        if self.intent not in _COUNTED or not self.value:
            return (self.intent, self.value, self.fire)
        if not self.value.isdigit() or not DAYS_MIN <= int(self.value) <= DAYS_MAX:
            return FLAGGED
        kind = "fire" if self.intent == Intent.OPEN_FIRE.value else "days"
        return (kind, self.value, self.fire)


@dataclass(frozen=True)
class Row:
    """One labelled message of the corpus."""

    part: str
    line: int
    body: str
    meant: Label
    section: str | None = None  # "plain" or "hard" in the blind part


def parts() -> tuple[str, ...]:
    """The parts to score: tuning, held-out, and the blind part once its file exists."""
    return (*PARTS, BLIND) if (HERE / f"{BLIND}.txt").exists() else PARTS


def load(part: str) -> list[Row]:
    """The labelled messages of one part, in file order."""
    rows = []
    section = None
    path = HERE / f"{part}.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            marker = line[1:].split()[:1]
            if marker and marker[0].lower().rstrip(":") in SECTIONS:
                section = marker[0].lower().rstrip(":")
            continue
        if not line.strip():
            continue
        intent, value, fire, body = line.split("|", 3)
        Intent(intent)  # a typo in a label fails loudly
        rows.append(Row(part, number, body, Label(intent, value, fire), section))
    return rows


def read(command: Command) -> Label:
    """The parser's reading of a message in the corpus's label form."""
    if command.refused:
        return Label(command.intent.value, "x")
    value = command.code if command.intent is Intent.REGISTER else command.number
    fire = "" if command.open_fire is None else str(command.open_fire)
    return Label(command.intent.value, "" if value is None else str(value), fire)


@dataclass(frozen=True)
class Score:
    """How the parser did on some rows."""

    rows: list[tuple[Row, Label]]

    @property
    def accuracy(self) -> float:
        """Share of messages read with exactly the label meant."""
        return sum(row.meant == got for row, got in self.rows) / len(self.rows)

    @property
    def outcome_accuracy(self) -> float:
        """Share of messages whose reading leads to the action meant ("read right")."""
        return 1 - len(self.wrong_outcomes) / len(self.rows)

    @property
    def wrong_outcomes(self) -> list[tuple[Row, Label]]:
        return [(r, g) for r, g in self.rows if r.meant.outcome() != g.outcome()]

    @property
    def false_opt_outs(self) -> list[tuple[Row, Label]]:
        stop = Intent.STOP.value
        return [(r, g) for r, g in self.rows if g.intent == stop and r.meant.intent != stop]

    @property
    def false_credits(self) -> list[tuple[Row, Label]]:
        """Days of use recorded where none, or other ones, were meant."""
        return [
            (r, g)
            for r, g in self.rows
            if g.credit() is not None and g.credit() != r.meant.credit()
        ]

    @property
    def misreadings(self) -> list[tuple[Row, Label]]:
        return [(r, g) for r, g in self.rows if r.meant != g]


def score(rows: list[Row]) -> Score:
    """Parse every message and pair it with what it meant."""
    return Score([(row, read(parse(row.body))) for row in rows])


def confusion(result: Score) -> str:
    """The intent confusion matrix as a text table."""
    counts = Counter((row.meant.intent, got.intent) for row, got in result.rows)
    intents = [i.value for i in Intent]
    width = max(map(len, intents)) + 1
    short = {i: i[:6] for i in intents}
    lines = [" " * width + " ".join(f"{short[i]:>6}" for i in intents)]
    for meant in intents:
        cells = " ".join(f"{counts[(meant, got)] or '.':>6}" for got in intents)
        lines.append(f"{meant:<{width}}{cells}")
    return "\n".join(lines)


def summary(name: str, result: Score) -> str:
    """One line: messages, accuracy, false opt-outs and false credits."""
    return (
        f"== {name}: {len(result.rows)} messages, exact {result.accuracy:.1%}, "
        f"outcome {result.outcome_accuracy:.1%}, "
        f"false opt-outs {len(result.false_opt_outs)}, false credits "
        f"{len(result.false_credits)}"
    )


def report(part: str) -> str:
    """Everything the script prints for one part."""
    result = score(load(part))
    out = [summary(part, result)]
    for section in SECTIONS:
        rows = [(row, got) for row, got in result.rows if row.section == section]
        if rows:
            out.append(summary(f"{part} ({section})", Score(rows)))
    out.append(confusion(result))
    for row, got in result.misreadings:
        meant = row.meant
        mark = "!" if meant.outcome() != got.outcome() else " "
        out.append(
            f" {mark}line {row.line}: {row.body!r} meant {meant.intent} {meant.value} {meant.fire}"
            f" read {got.intent} {got.value} {got.fire}".rstrip()
        )
    return "\n".join(out)


def sweep() -> str:
    """Accuracy on the tuning part for each common-word threshold (Zipf frequency)."""
    chosen, out = keywords.COMMON_ZIPF, []
    try:
        for threshold in (2.0, 2.5, 3.0, 3.5, 4.0):
            keywords.COMMON_ZIPF = threshold
            for cached in (keywords.common_words, keywords.match_keyword, keywords.near_stop_word):
                cached.cache_clear()
            result = score(load("tune"))
            out.append(
                f"zipf >= {threshold}: accuracy {result.accuracy:.1%}, false opt-outs "
                f"{len(result.false_opt_outs)}, false credits {len(result.false_credits)}"
            )
    finally:
        keywords.COMMON_ZIPF = chosen
    return "\n".join(out)


def main(argv: list[str]) -> int:
    """Print the score of the parts named (default: all), or the threshold sweep."""
    if argv == ["--sweep"]:
        print(sweep())
        return 0
    for part in argv or parts():
        print(report(part))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
