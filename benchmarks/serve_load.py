"""Load on ``supecost serve``: throughput and latency over loopback, beside in-process quoting.

Run from the repository root (needs the serve extra)::

    python benchmarks/serve_load.py               # 8 seconds per phase
    python benchmarks/serve_load.py --seconds 3   # quicker

Each phase runs for a bounded time. In the same run it measures:

* ``quote_many`` in-process over the typical requests (the floor: the engine alone);
* the same with the JSON in and out that the server does (``model_validate_json``,
  ``model_dump_json``), so JSON and HTTP costs can be told apart;
* the server (``python -m supecost serve`` on 127.0.0.1 only) with 1 and 2 workers:
  one connection at a time (latency), then 2 connections per worker (throughput).

HTTP overhead per request is measured on pairs: each request is quoted in-process
and then sent to a 1-worker server over one keep-alive connection. The verdict
(target: under 25 % of the in-process cost) compares CPU time, the server
process's per request against the in-process quote's, because on a shared
machine wall time mostly measures waiting for a core; the wall-time medians are
printed beside it. The client is ``http.client`` in threads of this process.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: make ``workloads`` importable
    sys.path.insert(0, str(HERE))

from workloads import typical_catalog, typical_requests  # noqa: E402

from supecost.engine import quote, quote_many  # noqa: E402
from supecost.quotes import QuoteRequest  # noqa: E402

HOST = "127.0.0.1"
PATH = "/catalogs/typical/quote"


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    connections: int
    count: int
    seconds: float
    latencies: Sequence[float]

    @property
    def throughput(self) -> float:
        return self.count / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.latencies)


def _for(seconds: float, step: Callable[[int], object]) -> tuple[int, float, list[float]]:
    latencies: list[float] = []
    start = time.perf_counter()
    count = 0
    while (elapsed := time.perf_counter() - start) < seconds:
        began = time.perf_counter()
        step(count)
        latencies.append(time.perf_counter() - began)
        count += 1
    return count, elapsed, latencies


def in_process(requests: list[QuoteRequest], seconds: float) -> Row:
    catalog = typical_catalog()
    stream = quote_many(catalog, (requests[i % len(requests)] for i in range(10**9)))
    count, elapsed, latencies = _for(seconds, lambda _: next(stream))
    return Row("in-process quote_many", 1, count, elapsed, latencies)


def in_process_json(bodies: list[bytes], seconds: float) -> Row:
    catalog = typical_catalog()

    def step(i: int) -> None:
        quote(catalog, QuoteRequest.model_validate_json(bodies[i % len(bodies)])).model_dump_json(
            by_alias=True
        )

    count, elapsed, latencies = _for(seconds, step)
    return Row("in-process, JSON in and out", 1, count, elapsed, latencies)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """``supecost serve`` in a child process, on loopback only."""

    def __init__(self, catalog: Path, workers: int) -> None:
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        command = [sys.executable, "-m", "supecost", "serve", "--catalog", str(catalog)]
        command += ["--host", HOST, "--port", str(self.port), "--workers", str(workers)]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                raise SystemExit(f"the server did not start:\n{self.log.read().decode()}")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def load(server: Server, bodies: list[bytes], connections: int, seconds: float) -> Row:
    results: list[tuple[int, list[float]]] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(connections + 1)

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
        headers = {"Content-Type": "application/json"}

        def step(i: int) -> None:
            connection.request("POST", PATH, bodies[(offset + i) % len(bodies)], headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"status {response.status}")

        step(0)  # connect and warm up
        start_gate.wait()
        count, _, latencies = _for(seconds, step)
        connection.close()
        with lock:
            results.append((count, latencies))

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    count = sum(c for c, _ in results)
    latencies = [x for _, part in results for x in part]
    return Row("", connections, count, elapsed, latencies)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Paired:
    local: float
    remote: float
    overhead: float
    local_cpu: float
    server_cpu: float


def paired(server: Server, bodies: list[bytes], seconds: float) -> Paired:
    """In-process cost and HTTP latency of the same requests, one right after the other.

    Wall times: medians, and the median of the paired differences, so a burst of
    load from elsewhere on the machine hits both alike. CPU times: the server
    process's CPU per request against this process's CPU per in-process quote,
    which other load on a shared machine does not inflate.
    """
    catalog = typical_catalog()
    connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    local: list[float] = []
    remote: list[float] = []
    local_cpu = 0.0
    server_before = _cpu_seconds(server.process.pid)
    start = time.perf_counter()
    i = 0
    while time.perf_counter() - start < seconds or i < 20:
        body = bodies[i % len(bodies)]
        request = QuoteRequest.model_validate_json(body)
        cpu = time.process_time()
        began = time.perf_counter()
        quote(catalog, request)
        middle = time.perf_counter()
        local_cpu += time.process_time() - cpu
        connection.request("POST", PATH, body, headers)
        response = connection.getresponse()
        response.read()
        local.append(middle - began)
        remote.append(time.perf_counter() - middle)
        i += 1
    connection.close()
    server_cpu = (_cpu_seconds(server.process.pid) - server_before) / i
    differences = [r - q for q, r in zip(local, remote, strict=True)]
    return Paired(
        statistics.median(local),
        statistics.median(remote),
        statistics.median(differences),
        local_cpu / i,
        server_cpu,
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    parser.add_argument("--requests", type=int, default=64, help="distinct typical requests")
    args = parser.parse_args(argv)
    requests = typical_requests(args.requests)
    bodies = [r.model_dump_json(by_alias=True).encode() for r in requests]
    pair = Paired(0.0, 0.0, 0.0, 0.0, 0.0)
    rows: list[Row] = [in_process(requests, args.seconds), in_process_json(bodies, args.seconds)]
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "typical.json"
        catalog.write_text(
            json.dumps(typical_catalog().model_dump(mode="json", exclude_defaults=True)),
            encoding="utf-8",
        )
        for workers in (1, 2):
            server = Server(catalog, workers)
            try:
                if workers == 1:
                    pair = paired(server, bodies, args.seconds)
                for connections in (1, 2 * workers):
                    row = load(server, bodies, connections, args.seconds)
                    name = f"HTTP, {workers} worker{'s' * (workers > 1)}"
                    rows.append(Row(name, connections, row.count, row.seconds, row.latencies))
            finally:
                server.stop()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    header = f"| {'what':28} | conns | {'req/s':>7} | {'mean':>9} | {'p50':>9} | {'p99':>9} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for row in rows:
        print(
            f"| {row.name:28} | {row.connections:5} | {row.throughput:7.0f} | {_ms(row.mean):>9} "
            f"| {_ms(row.percentile(0.5)):>9} | {_ms(row.percentile(0.99)):>9} |"
        )
    wall_share = pair.overhead / pair.local
    print(
        f"paired, 1 worker, 1 connection, wall time: in-process median {_ms(pair.local)}, "
        f"HTTP median {_ms(pair.remote)}; overhead (median of paired differences) "
        f"{_ms(pair.overhead)} = {wall_share:.0%} of the in-process cost"
    )
    cpu_overhead = pair.server_cpu - pair.local_cpu
    share = cpu_overhead / pair.local_cpu
    verdict = "pass" if share < 0.25 else "FAIL"
    print(
        f"paired, CPU time per request: server {_ms(pair.server_cpu)}, in-process "
        f"{_ms(pair.local_cpu)}; HTTP overhead {_ms(cpu_overhead)} = {share:.0%} of the "
        f"in-process cost (target < 25%: {verdict})"
    )
    return 0 if share < 0.25 else 1


if __name__ == "__main__":
    raise SystemExit(main())
