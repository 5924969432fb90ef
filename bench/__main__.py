"""`python -m bench [scenario ...]`: run stead's benchmarks and print one table with the machine.

Each scenario module exposes `run() -> list[tuple[str, str]]` (measure, figure). Figures are
medians of several runs; compare ratios, not absolutes: these machines are noisy.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
from collections.abc import Callable

SCENARIOS = ("store_bench", "api_bench")


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.node()}: {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"{platform.platform()}, Python {platform.python_version()}"
    )


def main(argv: list[str]) -> int:
    names = argv or list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        print(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
        return 2
    print(f"machine: {machine()}")
    rows: list[tuple[str, str]] = []
    for name in names:
        run: Callable[[], list[tuple[str, str]]] = importlib.import_module(f"bench.{name}").run
        rows.extend((f"{name}: {measure}", figure) for measure, figure in run())
    width = max(len(measure) for measure, _ in rows)
    print(f"{'measure':<{width}}  figure")
    for measure, figure in rows:
        print(f"{measure:<{width}}  {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
