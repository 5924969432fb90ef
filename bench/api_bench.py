"""API server benchmark: `stead up` over loopback, each figure beside this machine's raw limit.

`run()` starts `stead up --insecure-http` (controllers included, as users run it) on a temporary
data dir and drives it from this process (bench.api_client: raw asyncio streams, 50 keep-alive
connections). Figures are medians of 3 runs against the same server, each run taken once the
server is idle again:
* GET one pod: 50 clients flat out, and 50 clients at a fixed 1,000 req/s (open loop);
* create: the 10,000-pod set is created through the API by 50 clients, a third per run, beside
  the raw SQLite commit rate on the same disk (bench.store_bench.raw_commit_rate);
* LIST of those 10,000 pods (about 34 MiB of JSON), the first time and again, beside orjson
  encoding and decoding the same list and the HTTP ceiling sending the same bytes; and LIST as
  the Table `kubectl get pods` asks for;
* watch fan-out: 100 watchers of one namespace, pods created one at a time (write -> last
  watcher latency) and 500 by 50 clients (events delivered per second);
* one HTTPS figure: GET flat out against `stead up` with TLS and a token.
The HTTP ceiling is bench.api_ceiling: a trivial ASGI app on the same embedded granian answering
the same bytes. When `wrk` is installed (Debian: `apt-get install -y wrk`) the flat-out GETs are
also measured with it, to show how much the Python client itself limits them.
Run it with `make bench ARGS=api_bench` (or `python -m bench api_bench`); it takes about two
minutes, most of it creating the 10,000 pods.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path

import orjson

from bench import api_servers, api_wrk
from bench.api_client import (
    Connection,
    LoadResult,
    Target,
    client_gc_paused,
    close_pool,
    closed_loop,
    closed_loop_over,
    open_loop,
    open_pool,
)
from bench.api_pods import pod_body
from bench.api_watch import FanOut, fan_out, open_watchers
from bench.store_bench import raw_commit_rate

RUNS = 3
CLIENTS = 50
FLAT_OUT_SECONDS = 1.0
FIXED_RATE = 1_000.0
FIXED_RATE_SECONDS = 2.0
SETTLE_SECONDS = 60.0
LIST_PODS = 10_000
WATCHERS = 100
FANOUT_SEQUENTIAL = 40
FANOUT_BURST = 500

NAMESPACES = ("bench", "fanout")
PODS = "/api/v1/namespaces/bench/pods"
FANOUT_PODS = "/api/v1/namespaces/fanout/pods"
ONE_POD = f"{PODS}/orders-db-0"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;q=0.9"

Samples = defaultdict[str, list[float]]
Side = tuple[Target, list[Connection]]
"""A server and the client's connection pool to it."""


def run() -> list[tuple[str, str]]:
    """Measure; returns the table's rows as (measure, figure) for `python -m bench`."""
    with tempfile.TemporaryDirectory() as directory:
        samples: Samples = defaultdict(list)
        samples["load before"].append(os.getloadavg()[0])
        for attempt in range(RUNS):
            samples["raw"].append(raw_commit_rate(Path(directory) / f"raw{attempt}.db"))
        asyncio.run(_measure_http(Path(directory), samples))
        asyncio.run(_measure_https(Path(directory) / "stead-tls", samples))
        samples["load after"].append(os.getloadavg()[0])
    return _rows(samples)


async def _measure_http(directory: Path, samples: Samples) -> None:
    with api_servers.stead_http(directory / "stead") as server:
        pool = await open_pool(server.target, CLIENTS)
        await _create_namespaces(pool[0])
        await _create_pod_set(server, pool, samples)
        started = time.perf_counter()
        listing = await pool[0].expect("GET", PODS)
        samples["stead list cold"].append(time.perf_counter() - started)
        pod = await pool[0].expect("GET", ONE_POD)
        (directory / "pod.json").write_bytes(pod)
        (directory / "list.json").write_bytes(listing)
        samples["list bytes"].append(len(listing))
        samples["pod bytes"].append(len(pod))
        with api_servers.ceiling(directory) as ceiling:
            ceiling_pool = await open_pool(ceiling.target, CLIENTS)
            for attempt in range(RUNS):
                server.settle(timeout=SETTLE_SECONDS)
                await _measure_round(
                    (server.target, pool),
                    (ceiling.target, ceiling_pool),
                    samples=samples,
                    attempt=attempt,
                    listing=listing,
                    pod=pod,
                )
            close_pool(ceiling_pool)
        close_pool(pool)


async def _create_pod_set(
    server: api_servers.Server, pool: list[Connection], samples: Samples
) -> None:
    """The 10,000 pods of the LIST figures, created a third per run: the create figures."""
    ordinals = iter(range(LIST_PODS))
    for attempt in range(RUNS):
        share = LIST_PODS // RUNS + (LIST_PODS % RUNS if attempt == 0 else 0)
        calls = (_post(PODS, ordinal) for ordinal in itertools.islice(ordinals, share))
        _record(samples, "create", await closed_loop_over(pool, calls))
    samples["settle"].append(server.settle(timeout=SETTLE_SECONDS))


async def _measure_round(
    steads: Side,
    ceilings: Side,
    *,
    samples: Samples,
    attempt: int,
    listing: bytes,
    pod: bytes,
) -> None:
    (stead, pool), (ceiling, ceiling_pool) = steads, ceilings
    await _measure_reads(pool, ONE_POD, PODS, samples, side="stead")
    await _measure_reads(ceiling_pool, "/pod", "/list", samples, side="ceiling")
    await _measure_table_list(pool[0], samples)
    _measure_encoding(listing, samples)
    await _measure_fanout(stead, pool, samples, attempt=attempt)
    await _measure_ceiling_fanout(ceiling, ceiling_pool, pod, samples)
    if shutil.which("wrk"):
        _record_wrk(samples, stead, ceiling)


async def _measure_https(data_dir: Path, samples: Samples) -> None:
    with api_servers.stead_https(data_dir) as server:
        pool = await open_pool(server.target, CLIENTS)
        await _create_namespaces(pool[0])
        await _post(PODS, 0)(pool[0])
        server.settle(timeout=SETTLE_SECONDS)
        for _ in range(RUNS):
            _record(samples, "https get", await closed_loop(pool, _get(ONE_POD), seconds=1.0))
        close_pool(pool)


async def _create_namespaces(connection: Connection) -> None:
    for name in NAMESPACES:
        body = orjson.dumps({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
        await connection.expect("POST", "/api/v1/namespaces", body, status=201)


def _post(collection: str, ordinal: int) -> Callable[[Connection], Awaitable[object]]:
    body = pod_body(f"orders-db-{ordinal}", ordinal=ordinal)
    return lambda connection: connection.expect("POST", collection, body, status=201)


def _get(path: str) -> Callable[[Connection], Awaitable[object]]:
    return lambda connection: connection.expect("GET", path)


async def _measure_reads(
    pool: list[Connection], one: str, collection: str, samples: Samples, *, side: str
) -> None:
    _record(
        samples, f"{side} get flat", await closed_loop(pool, _get(one), seconds=FLAT_OUT_SECONDS)
    )
    fixed = await open_loop(pool, _get(one), rate=FIXED_RATE, seconds=FIXED_RATE_SECONDS)
    _record(samples, f"{side} get fixed", fixed)
    started = time.perf_counter()
    await pool[0].expect("GET", collection)
    samples[f"{side} list"].append(time.perf_counter() - started)


async def _measure_table_list(connection: Connection, samples: Samples) -> None:
    """LIST as `kubectl get pods` asks for it: a server-printed Table."""
    started = time.perf_counter()
    await connection.expect("GET", PODS, accept=TABLE)
    samples["stead list table"].append(time.perf_counter() - started)


def _measure_encoding(listing: bytes, samples: Samples) -> None:
    with client_gc_paused():
        started = time.perf_counter()
        decoded = orjson.loads(listing)
        samples["decode list"].append(time.perf_counter() - started)
        started = time.perf_counter()
        orjson.dumps(decoded)
        samples["encode list"].append(time.perf_counter() - started)
        del decoded


async def _measure_fanout(
    stead: Target, pool: list[Connection], samples: Samples, *, attempt: int
) -> None:
    listed = orjson.loads(await pool[0].expect("GET", f"{FANOUT_PODS}?limit=1"))
    revision = listed["metadata"]["resourceVersion"]
    path = f"{FANOUT_PODS}?watch=1&resourceVersion={revision}"
    watchers = await open_watchers(stead, path, count=WATCHERS)

    async def create(connection: Connection, index: int) -> object:
        name = f"fan-{attempt}-{index}"
        return await connection.expect("POST", FANOUT_PODS, pod_body(name), status=201)

    try:
        result = await fan_out(
            pool, watchers, create, sequential=FANOUT_SEQUENTIAL, burst=FANOUT_BURST
        )
    finally:
        for watcher in watchers:
            watcher.close()
    _record_fanout(samples, "stead", result)


async def _measure_ceiling_fanout(
    ceiling: Target, pool: list[Connection], pod: bytes, samples: Samples
) -> None:
    watchers = await open_watchers(ceiling, "/watch", count=WATCHERS)

    async def publish(connection: Connection, index: int) -> object:
        return await connection.expect("POST", "/publish", pod, status=201)

    try:
        result = await fan_out(
            pool, watchers, publish, sequential=FANOUT_SEQUENTIAL, burst=FANOUT_BURST
        )
    finally:
        for watcher in watchers:
            watcher.close()
    _record_fanout(samples, "ceiling", result)


def _record(samples: Samples, name: str, result: LoadResult) -> None:
    samples[f"{name} rate"].append(result.rate)
    samples[f"{name} p50"].append(result.p50)
    samples[f"{name} p99"].append(result.p99)
    samples[f"{name} cpu"].append(result.client_cpu)


def _record_fanout(samples: Samples, side: str, result: FanOut) -> None:
    samples[f"{side} fanout rate"].append(result.events_per_second)
    samples[f"{side} fanout p50"].append(result.p50)
    samples[f"{side} fanout p99"].append(result.p99)


def _record_wrk(samples: Samples, stead: Target, ceiling: Target) -> None:
    for side, url in (
        ("stead", f"http://{stead.host}:{stead.port}{ONE_POD}"),
        ("ceiling", f"http://{ceiling.host}:{ceiling.port}/pod"),
    ):
        result = api_wrk.flat_out(url, connections=CLIENTS, seconds=FLAT_OUT_SECONDS)
        samples[f"{side} wrk rate"].append(result.rate)
        samples[f"{side} wrk p50"].append(result.p50)
        samples[f"{side} wrk p99"].append(result.p99)


def _rows(samples: Samples) -> list[tuple[str, str]]:
    def median(name: str) -> float:
        return statistics.median(samples[name])

    def load(name: str) -> str:
        return (
            f"{median(f'{name} rate'):,.0f} req/s, p50 {_ms(median(f'{name} p50'))},"
            f" p99 {_ms(median(f'{name} p99'))} (client CPU {median(f'{name} cpu'):.0%})"
        )

    def latency(name: str) -> str:
        return f"p50 {_ms(median(f'{name} p50'))}, p99 {_ms(median(f'{name} p99'))}"

    def ratio(part: str, whole: str) -> str:
        return f"{median(part) / median(whole):.0%}"

    rows = [
        (
            "1-minute load average, before / after (2 = both cores busy)",
            f"{median('load before'):.1f} / {median('load after'):.1f}",
        ),
        ("pod as served (bytes)", f"{median('pod bytes'):,.0f}"),
        ("GET pod, 50 clients flat out: stead", load("stead get flat")),
        ("GET pod, 50 clients flat out: HTTP ceiling", load("ceiling get flat")),
        ("  stead / ceiling", ratio("stead get flat rate", "ceiling get flat rate")),
    ]
    if samples["stead wrk rate"]:
        rows += [
            ("GET pod, wrk 50 conns: stead", _wrk(median, "stead")),
            ("GET pod, wrk 50 conns: HTTP ceiling", _wrk(median, "ceiling")),
            ("  stead / ceiling (wrk)", ratio("stead wrk rate", "ceiling wrk rate")),
        ]
    rows += [
        ("GET pod at 1,000 req/s, 50 clients: stead", load("stead get fixed")),
        ("GET pod at 1,000 req/s, 50 clients: ceiling", load("ceiling get fixed")),
        ("  target: stead p99 <= 10 ms", _verdict(median("stead get fixed p99") <= 0.010)),
        ("GET pod over HTTPS + token, 50 clients flat out", load("https get")),
        ("create pod, 50 clients: stead", load("create")),
        ("raw sqlite3 commits/s (1 row/txn, FULL)", f"{median('raw'):,.0f}"),
        ("wait for stead to go idle after the 10k creates",
         f"{median('settle'):.1f} s"),
        ("  create / raw commit (target >= 50%)", ratio("create rate", "raw")),
        (f"LIST {LIST_PODS:,} pods ({median('list bytes') / 2**20:.0f} MiB), first: stead",
         f"{median('stead list cold'):.3f} s"),
        (f"LIST {LIST_PODS:,} pods, again: stead", f"{median('stead list'):.3f} s"),
        ("  target: LIST <= 0.5 s", _verdict(median("stead list") <= 0.5)),
        ("LIST, same bytes: HTTP ceiling", f"{median('ceiling list'):.3f} s"),
        ("LIST, orjson encode of the same list (encoding floor)", f"{median('encode list'):.3f} s"),
        ("LIST, orjson decode of the same list (GC paused)", f"{median('decode list'):.3f} s"),
        ("LIST as a Table (kubectl get pods): stead", f"{median('stead list table'):.3f} s"),
        (f"watch fan-out to {WATCHERS} watchers: stead",
         f"{median('stead fanout rate'):,.0f} events/s; write -> last watcher "
         f"{latency('stead fanout')}"),
        (f"watch fan-out to {WATCHERS} watchers: ceiling",
         f"{median('ceiling fanout rate'):,.0f} events/s; write -> last watcher "
         f"{latency('ceiling fanout')}"),
        ("  stead / ceiling events/s", ratio("stead fanout rate", "ceiling fanout rate")),
    ]  # fmt: skip
    return rows


def _wrk(median: Callable[[str], float], side: str) -> str:
    return (
        f"{median(f'{side} wrk rate'):,.0f} req/s, p50 {_ms(median(f'{side} wrk p50'))},"
        f" p99 {_ms(median(f'{side} wrk p99'))}"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"
