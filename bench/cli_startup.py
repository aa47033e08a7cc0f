"""How long `qoncha` takes to start: `qoncha --help` and a few commands' help, timed.

Runs each command line several times in a fresh interpreter and prints the median wall
time, then the modules `python -X importtime` finds most expensive (cumulative) when the
command line is imported, so a library that creeps back into start-up is named at once.
Target: `qoncha --help` under 0.5 s.

    .venv/bin/python bench/cli_startup.py [--runs 9] [--top 12]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

QONCHA = Path(sys.executable).with_name("qoncha")
COMMAND_LINES = [
    ["--help"],
    ["export", "--help"],
    ["report", "--help"],
    ["ledger", "--help"],
]


def timed(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) times of `qoncha ARGS`, each in a new process, in seconds.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([str(QONCHA), *args], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def import_offenders(top: int) -> list[tuple[int, str]]:
    """The modules with the largest cumulative import time (µs) under `import gateway.cli`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import gateway.cli; gateway.cli.main"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    """Print the medians and the import offenders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"qoncha start-up, median of {args.runs} runs (load average {load:.1f})")
    for command in COMMAND_LINES:
        walls, cpus = timed(command, args.runs)
        print(
            f"  qoncha {' '.join(command):<16} wall median {statistics.median(walls):.3f} s "
            f"(min {min(walls):.3f}, max {max(walls):.3f})   "
            f"CPU median {statistics.median(cpus):.3f} s"
        )
    print(f"import gateway.cli: top {args.top} by cumulative time")
    for cumulative, name in import_offenders(args.top):
        print(f"  {cumulative / 1000:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
