"""`qoncha report --lang es|en`: the same report, every word in the reader's language."""

import html
import json
import re
import string

from core.reporting.wording import Wording, catalogue
from tests.e2e import test_cli_report
from tests.e2e.test_cli_report import YEAR

programme, run = test_cli_report.programme, test_cli_report.run  # the report command's fixtures

_CELL = re.compile(r'<td class="n"[^>]*>(.*?)</td>', re.DOTALL)
_CARD = re.compile(r'<div class="value">(.*?)</div>')


def visible_text(page: str) -> str:
    """The words a reader sees: no style, no chart drawing, no code (names, JSON), no tags."""
    page = re.sub(r"<style>.*?</style>|<svg.*?</svg>|<code>.*?</code>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def quoted(report: dict) -> list[str]:
    """What the report cites as written: the parameters file's units and sources, the
    ICVCM decision's source. They are documents' own words, not the report's labels."""
    status = report["integrity"]["methodology_status"]
    cited = [status["source"]]
    for parameter in report["parameters"].values():
        cited += [str(parameter["unit"]), str(parameter["source"])]
    return sorted(cited, key=len, reverse=True)


def english_only_phrases() -> set[str]:
    """Every literal phrase of the catalogue's English that its Spanish never says."""
    spanish = " ".join(t[1] for table in catalogue().values() for t in table.values())
    phrases = set()
    for table in catalogue().values():
        for english, _ in table.values():
            for literal, *_ in string.Formatter().parse(english):
                for phrase in re.split(r"[;:,()]", literal):
                    phrase = phrase.strip()
                    if len(phrase) >= 8 and phrase not in spanish:
                        phrases.add(phrase)
    return phrases


def report_sentences(report: dict) -> list[str]:
    """The sentences the computation wrote into a report."""
    verification = report["verification"]
    return [
        *report["notes"],
        report["stacking_treatment"],
        *filter(None, [verification["reason"]]),
        *(d["verification"]["reason"] for d in report["by_district"]),
        *(c["evidence"] for c in report["integrity"]["conditions"]),
    ]


def test_spanish_page_says_every_label_in_spanish_with_the_same_figures(run, programme):
    english = run(*YEAR, "--format", "html")
    spanish = run(*YEAR, "--format", "html", "--lang", "es")
    assert english.exit_code == 0 and spanish.exit_code == 0, spanish.stderr
    assert '<html lang="es">' in spanish.stdout and '<html lang="en">' in english.stdout
    words = visible_text(spanish.stdout)
    for text in quoted(json.loads(run(*YEAR).stdout)):
        words = words.replace(text, " ")
    assert "Reporte de monitoreo: del 2025-01-01 al 2025-12-31" in words
    assert "Muestra de verificación y precisión" in words
    left = sorted(p for p in english_only_phrases() if p in words)
    assert left == []
    # The figures are the same, cell by cell, card by card (a yes or a term said in Spanish).
    numbers = [
        Wording("es").term(c).replace("yes", "sí").replace(" to ", " a ")
        for c in _CELL.findall(english.stdout)
    ]
    assert _CELL.findall(spanish.stdout) == numbers
    assert _CARD.findall(spanish.stdout) == _CARD.findall(english.stdout)
    assert len(numbers) > 60


def test_every_sentence_of_a_real_report_is_read_back_into_spanish(run, programme):
    report = json.loads(run(*YEAR).stdout)
    phrases = english_only_phrases()
    sentences = report_sentences(report)
    assert len(sentences) >= 10
    for sentence in sentences:
        said = Wording("es").sentence(sentence)
        assert [p for p in phrases if p in said] == [], sentence


def test_english_stays_the_default_and_json_and_csv_do_not_change(run, programme):
    assert (
        run(*YEAR, "--format", "html").stdout
        == run(*YEAR, "--format", "html", "--lang", "en").stdout
    )
    for fmt in ("json", "csv"):
        assert (
            run(*YEAR, "--format", fmt, "--lang", "es").stdout == run(*YEAR, "--format", fmt).stdout
        )
    refused = run(*YEAR, "--lang", "fr")
    assert refused.exit_code != 0 and "fr" in refused.stderr
