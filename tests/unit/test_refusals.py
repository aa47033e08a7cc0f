"""Core refuses with codes; every code it can raise has its Spanish text in one catalogue."""

import ast
import string
from pathlib import Path

import pytest

from core.messaging.review import ReviewRefused
from core.refusals import Refused
from core.staffbot.members import StaffError
from core.staffbot.refusal_texts import REFUSALS, refusal_text
from gateway.cli.refusals import english

ROOT = Path(__file__).resolve().parents[2]
KNOWN_BY_THE_CALLER = {"message"}  # the review item's number, which the bot holds


def _refusal_classes() -> set[str]:
    """Names of Refused and every class in core that derives from it, however indirectly."""
    bases: dict[str, set[str]] = {}
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {getattr(b, "id", "") for b in node.bases}
    found = {"Refused"}
    while grown := {name for name, parents in bases.items() if parents & found} - found:
        found |= grown
    return found


def _raised() -> list[tuple[str, str, str, set[str]]]:
    """(module, class, code, parameter names) of every refusal raised in core."""
    classes, raised = _refusal_classes(), []
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", None)
            if name not in classes:
                continue
            first = node.exc.args[0]
            codes = [first] if not isinstance(first, ast.IfExp) else [first.body, first.orelse]
            params = {k.arg for k in node.exc.keywords if k.arg}
            if name == "ReviewRefused":
                params.add("detail")  # its second argument, "" when not given
            for code in codes:
                assert isinstance(code, ast.Constant), f"{path}: a code must be a literal"
                raised.append((str(path.relative_to(ROOT)), name, code.value, params))
    return raised


RAISED = _raised()


def test_refusals_are_found_in_every_capability() -> None:
    classes = {name for _, name, _, _ in RAISED}
    assert {"TicketRefused", "ReviewRefused", "StaffError", "EmailRefused",
            "InstallationRefused", "VisitRefused"} <= classes  # fmt: skip


@pytest.mark.parametrize(("module", "name", "code", "params"), RAISED,
                         ids=[f"{n}:{c}" for _, n, c, _ in RAISED])  # fmt: skip
def test_every_code_core_raises_has_a_spanish_text_its_parameters_fill(
    module: str, name: str, code: str, params: set[str]
) -> None:
    assert code in REFUSALS, f"{module} raises {name}({code!r}) with no text"
    template = REFUSALS[code]
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    assert fields <= params | KNOWN_BY_THE_CALLER, f"{code}: {fields - params}"


def test_the_catalogue_has_no_text_no_code_uses() -> None:
    assert set(REFUSALS) == {code for _, _, code, _ in RAISED}


def test_a_refusal_reads_in_spanish_for_staff_and_in_english_for_the_cli() -> None:
    refused = StaffError("needs_district", role="technician")
    assert refusal_text(refused) == "Un technician necesita al menos un distrito."
    assert english(refused) == "a technician needs at least one --district"
    review = ReviewRefused("unknown_code", "ZZZ9")
    said = refusal_text(review, message=4)
    assert said.startswith("No hay ninguna cocina con el código ZZZ9")
    assert english(review, id=4) == "no stove has the code ZZZ9"
    assert isinstance(review, Refused) and str(review) == "unknown_code"
