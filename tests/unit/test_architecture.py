"""Dependencies point inward: core imports no web, SMS or chat library."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_CORE = {
    "flask",
    "twilio",
    "telegram",
    "android_sms_gateway",
    "gateway",
    "bot",
    "werkzeug",
}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    "path", sorted((ROOT / "core").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_core_imports_no_adapter_library(path: Path) -> None:
    assert not _imported_roots(path) & FORBIDDEN_IN_CORE


def test_bot_does_not_import_gateway() -> None:
    for path in (ROOT / "bot").rglob("*.py"):
        assert "gateway" not in _imported_roots(path), path


def _calls_to(path: Path, name: str) -> int:
    """How many times a module calls `name(...)` (bare or as an attribute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    )


def test_the_delivery_policy_is_built_only_in_the_composition_root() -> None:
    production = [p for d in ("core", "gateway", "bot") for p in (ROOT / d).rglob("*.py")]
    builders = {
        str(p.relative_to(ROOT)): n
        for p in production
        if (n := _calls_to(p, "DeliveryPolicy") + _calls_to(p, "Pacing"))
    }
    assert builders == {"gateway/wiring.py": 2}  # the one policy, and the runs under it
