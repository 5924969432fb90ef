"""Flat-out GETs with wrk (Debian: `apt-get install -y wrk`), a C client far cheaper than ours.

Optional: bench.api_bench uses it only when `wrk` is on PATH, to show how much of the machine
the Python load generator takes from the server it measures.
"""

from __future__ import annotations

import re
import subprocess

from bench.api_client import LoadResult

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def flat_out(url: str, *, connections: int, seconds: float) -> LoadResult:
    """One wrk thread, `connections` keep-alive connections, GET `url` for `seconds` (rounded)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw failures:\n{output}")
    rate = float(_find(r"Requests/sec:\s+([\d.]+)", output))
    return LoadResult(rate, _latency("50", output), _latency("99", output), client_cpu=0.0)


def _latency(percentile: str, output: str) -> float:
    value, unit = re.findall(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)[0]
    return float(value) * _UNITS[unit]


def _find(pattern: str, output: str) -> str:
    found = re.search(pattern, output)
    if found is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    return found.group(1)
