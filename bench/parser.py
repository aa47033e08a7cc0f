"""The SMS parser's cost per message, over the labelled corpus and the benchmark's traffic.

    .venv/bin/python bench/parser.py [--rounds 20]

Prints the one-off cost of the first near miss (loading the common-word list), then
microseconds per message: the whole corpus (parsed cold, the per-word and per-body caches
cleared each round, as a new worker would see it, and warm), and the inbound benchmark's
typical bodies ("USO 5"), which the per-body cache serves after their first sight.
"""

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from core.protocol import keywords, parse
from core.protocol import parser as sms_parser

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
TRAFFIC = ["USO 5", "uso 3", "Uso 6 dias", "USO7", "FOGON 2", "TULLPA 1", "4", "hola", "??"]


def corpus_bodies() -> list[str]:
    """Every message of the corpus parts."""
    bodies = []
    for part in ("tune", "holdout", "retired"):
        for line in (CORPUS / f"{part}.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                bodies.append(line.split("|", 3)[3])
    return bodies


def per_message(
    bodies: list[str], rounds: int, *, cold: bool, read: Callable[[str], object] = parse
) -> list[float]:
    """Microseconds per message for each round."""
    out = []
    for _ in range(rounds):
        if cold:
            keywords.match_keyword.cache_clear()
            keywords.near_stop_word.cache_clear()
            keywords.courteous.cache_clear()
            sms_parser._parse_short.cache_clear()
        started = time.perf_counter()
        for body in bodies:
            read(body)
        out.append((time.perf_counter() - started) / len(bodies) * 1e6)
    return out


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    started = time.perf_counter()
    keywords.common_words()
    print(f"first near miss: common-word list loaded in {time.perf_counter() - started:.2f} s")
    bodies = corpus_bodies()
    for label, sample, cold, read in (
        (f"corpus ({len(bodies)} messages), caches cleared each round", bodies, True, parse),
        (f"corpus ({len(bodies)} messages), warm", bodies, False, parse),
        ("inbound benchmark bodies, no per-body cache", TRAFFIC * 50, False, sms_parser._parse),
        ("inbound benchmark bodies", TRAFFIC * 50, False, parse),
    ):
        figures = per_message(sample, rounds, cold=cold, read=read)
        print(f"{label}: median {statistics.median(figures):.1f} us/message, "
              f"best {min(figures):.1f}")


if __name__ == "__main__":
    main()
