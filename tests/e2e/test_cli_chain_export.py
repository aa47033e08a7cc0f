"""`ledger export --format chain` checked by the standalone script printed in the README."""

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from test_cli_ledger import MOVED_AT, invoke, issue_sample

from gateway.wiring import Services

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_script() -> str:
    """The README's chain-checking script, exactly as printed."""
    found = re.search(r"```python\n(# check_chain\.py.*?)```", README.read_text(), re.DOTALL)
    assert found, "the README prints no check_chain.py"
    return found.group(1)


def check(script: Path, chain: Path, *head: str) -> subprocess.CompletedProcess[str]:
    """Run the README's script as an outside verifier would: plain Python, no qoncha."""
    return subprocess.run(
        [sys.executable, "-I", str(script), str(chain), *head],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_readme_script_checks_the_exported_chain_and_catches_an_edit(
    services_with: Callable[..., Services], tmp_path: Path
) -> None:
    services = services_with()
    services.clock = lambda: MOVED_AT
    issue_sample(services)
    invoke(services, "ledger", "authorize", "--block", "1", "--quantity", "4")
    chain = tmp_path / "chain.jsonl"
    exported = invoke(services, "ledger", "export", "--format", "chain", "--out", str(chain))
    assert exported.exit_code == 0, exported.stderr
    links = [json.loads(line) for line in chain.read_text().splitlines()]
    # issuance, two vintage blocks with their issue records; the split of block 1: two
    # children, the parent's split record, the children's first records; the authorize record.
    assert [link["kind"] for link in links] == [
        "issuance", "block", "record", "block", "record",
        "block", "block", "record", "record", "record", "record",
    ]  # fmt: skip
    assert json.loads(links[0]["content"])["er_tco2e"] == 101.4
    script = tmp_path / "check_chain.py"
    script.write_text(readme_script(), encoding="utf-8")

    ok = check(script, chain)
    assert ok.returncode == 0, ok.stderr
    head = invoke(services, "ledger", "verify").stdout.splitlines()[-1].split()[-1]
    assert ok.stdout == f"chain OK: 11 links, head {head}\n"
    assert check(script, chain, head).stdout == ok.stdout

    lines = chain.read_text().splitlines(keepends=True)
    for kept in (lines[:5], []):  # links removed from the end, or the whole chain emptied
        chain.write_text("".join(kept))
        shorter = check(script, chain, head)
        assert shorter.returncode == 1
        assert shorter.stderr == (
            f"published head {head} is not in the chain ({len(kept)} links): links removed\n"
        )
    chain.write_text("".join(lines))

    forged = chain.read_text().replace('\\"er_tco2e\\":101.4', '\\"er_tco2e\\":99.0')
    assert forged != chain.read_text()
    chain.write_text(forged)
    bad = check(script, chain)
    assert bad.returncode == 1
    assert bad.stderr == "link 1 (issuance 1): content changed\n"
