"""Dependencies point inward, in layers, and no modules import each other in a circle.

The layers, lowest first; a module may import its own layer and those below, never above:

0. domain — what needs no database session of its own: `core.models`, `core.protocol`,
   `core.mrv`, `core.reporting`, core's top-level modules (settings, phones, periods, gsm7,
   ports ...), and the pure rules a capability keeps in its package (`PURE_RULES`);
1. db — `core.db`: engines, driver SQL, the unit of work;
2. use cases — core's capability packages (`core.messaging`, `core.outbox`, `core.ledger` ...);
3. bot — the python-telegram-bot adapter;
4. gateway — Flask, the CLI, the scheduler and the composition root (`gateway.wiring`).

Every import counts, including those inside functions and under `TYPE_CHECKING`: a circle
kept alive by a late import is still a circle.
"""

import ast
import re
from collections.abc import Iterator
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
LAYERS = ("domain", "db", "use cases", "bot", "gateway")
DOMAIN_PACKAGES = ("core.models", "core.protocol", "core.mrv", "core.reporting")
# Pure functions of one capability, kept beside its use cases but imported by the settings.
PURE_RULES = {"core.outbox.windows", "core.outbox.smtp_url", "core.outbox.pacing",
              "core.outbox.payload", "core.privacy.pseudonyms"}  # fmt: skip


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _modules() -> dict[str, Path]:
    """Every module of core, bot and gateway by dotted name (a package by its own name)."""
    found = {}
    for top in ("core", "bot", "gateway"):
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports anywhere in its text: `from a import b` is a.b when
    that is a module, else a."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in MODULES else base)
    return (found & MODULES.keys()) - {name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def layer(name: str) -> int:
    """The layer a module belongs to (an index into LAYERS)."""
    top, _, rest = name.partition(".")
    if top in ("bot", "gateway"):
        return LAYERS.index(top)
    if name in PURE_RULES or name == "core" or name.startswith(DOMAIN_PACKAGES):
        return 0
    if "." not in rest and (ROOT / "core" / f"{rest}.py").exists():
        return 0  # core's top-level modules
    return 1 if rest.split(".")[0] == "db" else 2


def _circles() -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(GRAPH[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        yield sorted(component)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "core").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_core_imports_no_adapter_library(path: Path) -> None:
    assert not _imported_roots(path) & FORBIDDEN_IN_CORE


def test_bot_does_not_import_gateway() -> None:
    for path in (ROOT / "bot").rglob("*.py"):
        assert "gateway" not in _imported_roots(path), path


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{name} ({LAYERS[layer(name)]}) imports {target} ({LAYERS[layer(target)]})"
        for name, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if layer(target) > layer(name)
    ]
    assert upward == []


def test_no_import_circles() -> None:
    assert list(_circles()) == []


def test_the_reports_words_import_nothing_else_of_the_project() -> None:
    """core.mrv and core.reporting both write the report's sentences from its catalogue of
    words, and core.reporting builds on core.mrv: the catalogue must import neither, or a
    circle would follow."""
    words = {name for name in GRAPH if name.startswith("core.reporting.wording")}
    assert "core.reporting.wording.english" in words
    assert {target for name in words for target in GRAPH[name]} <= words


def test_the_circle_finder_finds_a_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(GRAPH, "core.db.uow", GRAPH["core.db.uow"] | {"core.messaging.inbound"})
    assert any("core.messaging.inbound" in circle for circle in _circles())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("core.settings", "domain"),
        ("core.mrv.calc", "domain"),
        ("core.outbox.windows", "domain"),
        ("core.db.uow", "db"),
        ("core.outbox.dispatch", "use cases"),
        ("core.messaging.inbound", "use cases"),
        ("bot.handlers.common", "bot"),
        ("gateway.wiring", "gateway"),
    ],
)
def test_layers_are_named_as_documented(name: str, expected: str) -> None:
    assert LAYERS[layer(name)] == expected


# Column types autogenerate writes into revisions; everything else a revision needs is its own.
MIGRATION_MAY_IMPORT = {"core.models.base"}


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "migrations" / "versions").glob("*.py")),
    ids=lambda p: p.name,
)
def test_migrations_stand_alone(path: Path) -> None:
    """Moving application code must never change what a revision does."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    project = {name for name in imported if name.split(".")[0] in ("core", "gateway", "bot")}
    assert project <= MIGRATION_MAY_IMPORT
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


READS_OF_A_TABLE = {"select", "update", "get", "OutboundMessage"}


def _called_name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def _outbox_writes(path: Path) -> int:
    """How many places a module builds an outbox row: OutboundMessage(...), its table, raw SQL."""
    source = path.read_text(encoding="utf-8")
    writes = _calls_to(path, "OutboundMessage")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "__table__":
            writes += getattr(node.value, "id", None) == "OutboundMessage"
        elif isinstance(node, ast.Call) and _called_name(node) not in READS_OF_A_TABLE:
            # insert(OutboundMessage), or the table handed to a helper that inserts into it
            writes += any(getattr(a, "id", None) == "OutboundMessage" for a in node.args)
    return writes + len(re.findall(r"insert\s+into\s+outbound_messages", source, re.IGNORECASE))


def test_only_the_outbox_queue_writes_outbox_rows() -> None:
    production = [p for d in ("core", "gateway", "bot") for p in (ROOT / d).rglob("*.py")]
    writers = {str(p.relative_to(ROOT)) for p in production if _outbox_writes(p)}
    assert writers == {"core/outbox/queue.py"}


def test_the_outbox_writer_finder_finds_each_kind_of_write(tmp_path: Path) -> None:
    for source in (
        "OutboundMessage(body='x')",
        "session.execute(OutboundMessage.__table__.insert(), rows)",
        "session.execute(insert(OutboundMessage).values(body='x'))",
        "_insert_many(session, OutboundMessage, rows)",
        "session.execute(text('INSERT INTO outbound_messages (body) VALUES (1)'))",
    ):
        module = tmp_path / "m.py"
        module.write_text(source, encoding="utf-8")
        assert _outbox_writes(module) == 1, source
