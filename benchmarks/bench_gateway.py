"""Benchmark for `airlock serve` (issue 3): throughput and added latency with DLP on.

Starts an upstream that answers at once (aiohttp, its own process), the gateway (`airlock
serve`, its own process, default policy: pseudonymize PII, mask cards, redact secrets), and
drives both with the same load from this process: chat completions with a seeded 2 KB
prompt carrying a few entities. Prints RPS at concurrency 64 and latency percentiles at
concurrency 1 and 64, straight to the upstream and through the gateway, in the same run.

    .venv/bin/python benchmarks/bench_gateway.py
    .venv/bin/python benchmarks/bench_gateway.py --vs litellm   # needs .venv-litellm
    .venv/bin/python benchmarks/bench_gateway.py --servers uvicorn,uvicorn-asyncio,granian

Not a timed test: figures go to docs/benchmarks.md. The machine has 2 cores shared by the
upstream, the gateway and the load generator, so compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LITELLM = ROOT / ".venv-litellm" / "bin" / "litellm"
ANSWER = {
    "id": "chatcmpl-bench",
    "object": "chat.completion",
    "created": 1,
    "model": "bench-model",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 500, "completion_tokens": 1, "total_tokens": 501},
}
WORDS = [
    "the",
    "quarterly",
    "report",
    "shows",
    "revenue",
    "growth",
    "across",
    "regions",
    "while",
    "the",
    "team",
    "reviews",
    "customer",
    "feedback",
    "and",
    "plans",
    "the",
    "next",
    "release",
    "with",
    "updated",
    "onboarding",
    "material",
]


def prompt(seed: int, size: int = 2048) -> str:
    """A seeded ~2 KB prompt with an e-mail, a name, a card, a phone number and an AWS key."""
    rng = random.Random(seed)
    entities = [
        "Please ask Maria Garcia (maria.garcia@example.com) to check the refund",
        "card 4111 1111 1111 1111 was charged twice",
        "call her at +1 415 555 0134 tomorrow",
        "the deploy key AKIA2OGYBAH6QZXBWT7Q must be rotated",
    ]
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size - sum(len(e) + 2 for e in entities):
        words.append(rng.choice(WORDS))
    for entity in entities:
        words.insert(rng.randrange(len(words)), entity + ".")
    return " ".join(words)[:size]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_upstream(port: int) -> None:
    """The instant upstream: a fixed answer to every POST, as fast as aiohttp goes."""
    import uvloop
    from aiohttp import web

    body = json.dumps(ANSWER).encode()

    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", answer)
    uvloop.install()
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


async def wait_ready(
    url: str, deadline_s: float = 60, proc: subprocess.Popen[bytes] | None = None
) -> None:
    import aiohttp

    end = time.monotonic() + deadline_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < end:
            if proc is not None and proc.poll() is not None:
                raise TimeoutError(f"{url}: the process exited with {proc.returncode}")
            try:
                async with session.get(url) as resp:
                    if resp.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} did not come up")


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    n: int
    cpu_us: float = 0.0  # CPU time of the server process per request (robust to noise)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far (Linux /proc) of a process and its live descendants
    (granian serves from a worker process under its main process)."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        fields = stats.get(current)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])
        todo.extend(children.get(current, []))
    return total / os.sysconf("SC_CLK_TCK")


def bodies(text: str) -> Iterator[bytes]:
    """Request bodies, each with a different ticket number: no two prompts are equal, so
    the gateway's scan cache (which helps multi-turn chats) never helps here."""
    head, tail = (
        json.dumps(
            {
                "model": "bench-model",
                "messages": [{"role": "user", "content": "Ticket @@. " + text}],
            }
        )
        .encode()
        .split(b"@@")
    )
    for n in itertools.count(1):
        yield head + str(n).encode() + tail


async def load(url: str, key: str, text: str, concurrency: int, seconds: float) -> Result:
    """Closed-loop load: `concurrency` workers, each sending the next request on an answer."""
    supply = bodies(text)
    import aiohttp

    headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        # Warm-up: open the connections and let the servers reach a steady state.
        warm_end = time.perf_counter() + min(1.0, seconds / 4)

        async def worker(end: float, record: bool) -> None:
            nonlocal errors
            while time.perf_counter() < end:
                start = time.perf_counter()
                async with session.post(url, data=next(supply), headers=headers) as resp:
                    await resp.read()
                    ok = resp.status == 200
                if record:
                    latencies.append(time.perf_counter() - start)
                    errors += not ok

        await asyncio.gather(*(worker(warm_end, False) for _ in range(concurrency)))
        started = time.perf_counter()
        end = started + seconds
        await asyncio.gather(*(worker(end, True) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(
        rps=len(latencies) / elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=latencies[int(len(latencies) * 0.99) - 1] * 1000,
        errors=errors,
        n=len(latencies),
    )


SERVERS = ("uvicorn", "uvicorn-asyncio", "granian")


def gateway_factory() -> object:
    """The gateway as `airlock serve` builds it, for servers given an import target
    (`bench_gateway:gateway_factory`, run with the workspace in AIRLOCK_HOME)."""
    from airlock.gateway.app import build_gateway
    from airlock.settings import get_settings
    from airlock.workspace import load_workspace

    workspace = load_workspace(get_settings())
    return build_gateway(workspace, workspace.config.gateway, None)


def server_command(server: str, port: int) -> list[str]:
    """The command that serves the gateway on `port` under `server` (one process or worker).

    uvicorn: `airlock serve` itself (uvloop + httptools). uvicorn-asyncio: the same settings
    with the standard-library asyncio loop and h11. granian: its ASGI interface, one worker,
    one runtime thread, uvloop. Granian is a benchmark-only dependency (`pip install granian`).
    """
    if server == "uvicorn":
        return [str(VENV_BIN / "airlock"), "serve", "--port", str(port)]
    common = ["--host", "127.0.0.1", "--port", str(port), "--factory"]
    if server == "uvicorn-asyncio":
        return [
            *[sys.executable, "-m", "uvicorn", "bench_gateway:gateway_factory", *common],
            *["--app-dir", str(Path(__file__).parent), "--loop", "asyncio", "--http", "h11"],
            *["--lifespan", "on", "--no-access-log", "--log-level", "warning"],
            *["--no-proxy-headers", "--no-server-header", "--timeout-graceful-shutdown", "30"],
        ]
    if server == "granian":
        return [
            *[str(VENV_BIN / "granian"), "bench_gateway:gateway_factory", *common],
            *["--working-dir", str(Path(__file__).parent), "--interface", "asgi"],
            *["--workers", "1", "--runtime-threads", "1", "--loop", "uvloop"],
            *["--log-level", "warning", "--no-ws"],
        ]
    raise ValueError(f"unknown server {server!r}; choose from {', '.join(SERVERS)}")


def start_gateway(
    upstream_port: int, home: Path, server: str = "uvicorn"
) -> tuple[subprocess.Popen[bytes], int, str]:
    home.mkdir(parents=True, exist_ok=True)
    (home / "airlock.yaml").write_text(
        "version: 1\ngateway:\n"
        "  providers:\n"
        f"    up: {{kind: openai, base_url: 'http://127.0.0.1:{upstream_port}/v1'}}\n"
        "  models:\n    bench-model: {targets: [up/bench-model]}\n"
        "  prices:\n    bench-model: {input: 0.15, output: 0.6}\n"
    )
    env = {**os.environ, "AIRLOCK_HOME": str(home), "AIRLOCK_LOG_LEVEL": "WARNING"}
    env.pop("AIRLOCK_DATABASE_URL", None)
    airlock = str(VENV_BIN / "airlock")
    key = (
        subprocess.run(
            [airlock, "keys", "create", "--user", "bench@example.com", "--role", "default"],
            env=env,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    port = free_port()
    proc = subprocess.Popen(server_command(server, port), env=env)
    return proc, port, key


def start_litellm(upstream_port: int, home: Path) -> tuple[subprocess.Popen[bytes], int]:
    config = home / "litellm.yaml"
    config.write_text(
        "model_list:\n  - model_name: bench-model\n    litellm_params:\n"
        f"      model: openai/bench-model\n      api_base: http://127.0.0.1:{upstream_port}/v1\n"
        "      api_key: sk-bench\n"
    )
    port = free_port()
    proc = subprocess.Popen(
        [str(LITELLM), "--config", str(config), "--port", str(port), "--num_workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its newer releases refuse to start without a master key; this is a local run.
        env={**os.environ, "LITELLM_DANGEROUSLY_PERMIT_WEAK_OR_UNSET_MASTER_KEY": "true"},
    )
    return proc, port


def show(name: str, result: Result) -> None:
    print(
        f"  {name:<28} {result.rps:8.0f} RPS   p50 {result.p50_ms:7.2f} ms   "
        f"p99 {result.p99_ms:7.2f} ms   server CPU {result.cpu_us:5.0f} us/req   "
        f"errors {result.errors}/{result.n}"
    )


async def measure(
    targets: dict[str, tuple[str, str]], pids: dict[str, int], text: str, seconds: float
) -> dict[str, dict[int, Result]]:
    results: dict[str, dict[int, Result]] = {}
    for concurrency in (1, 64):
        print(f"concurrency {concurrency}, {seconds:.0f} s each:")
        for name, (url, key) in targets.items():
            before = cpu_seconds(pids[name])
            result = await load(url, key, text, concurrency, seconds)
            # Includes the warm-up requests, which the count does not: a slight overestimate.
            result.cpu_us = (cpu_seconds(pids[name]) - before) / max(1, result.n) * 1e6
            results.setdefault(name, {})[concurrency] = result
            show(name, result)
    return results


def label(server: str) -> str:
    """uvicorn keeps the name earlier runs (and `report`) use."""
    return "airlock (DLP on)" if server == "uvicorn" else f"airlock on {server}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="Measured time per run.")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--vs", choices=["litellm"], help="Also run this proxy under the load.")
    parser.add_argument(
        "--servers",
        default="uvicorn",
        help=f"Comma-separated servers to run the gateway under, from {', '.join(SERVERS)} "
        "(uvicorn = `airlock serve`: uvloop + httptools; uvicorn-asyncio: asyncio + h11; "
        "granian: ASGI, needs `pip install granian`).",
    )
    parser.add_argument("--json", type=Path, help="Write the figures here.")
    parser.add_argument("--upstream-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.upstream_only:
        run_upstream(args.upstream_only)
        return
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    if unknown := [s for s in servers if s not in SERVERS]:
        parser.error(f"unknown server(s) {', '.join(unknown)}; choose from {', '.join(SERVERS)}")
    if "uvicorn" not in servers:
        servers.insert(0, "uvicorn")  # the reference every comparison is made against
    if "granian" in servers and not (VENV_BIN / "granian").exists():
        print("SKIPPED granian: not installed (`pip install granian` into this venv)")
        servers.remove("granian")

    import uvloop

    text = prompt(args.seed)
    print(
        f"prompt: {len(text)} characters; cores: {os.cpu_count()}; python {sys.version.split()[0]}"
    )
    up_port = free_port()
    upstream = subprocess.Popen([sys.executable, __file__, "--upstream-only", str(up_port)])
    procs: dict[str, subprocess.Popen[bytes]] = {"upstream (direct)": upstream}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            targets = {
                "upstream (direct)": (f"http://127.0.0.1:{up_port}/v1/chat/completions", "none"),
            }
            for server in servers:
                # One workspace per server: each has its own audit database.
                proc, gw_port, key = start_gateway(up_port, Path(tmp) / f"ws-{server}", server)
                procs[label(server)] = proc
                targets[label(server)] = (f"http://127.0.0.1:{gw_port}/v1/chat/completions", key)
            if args.vs == "litellm":
                if not LITELLM.exists():
                    sys.exit(
                        f"{LITELLM} not found: pip install 'litellm[proxy]' into .venv-litellm"
                    )
                litellm, ll_port = start_litellm(up_port, Path(tmp))
                procs["litellm (no guardrails)"] = litellm
                targets["litellm (no guardrails)"] = (
                    f"http://127.0.0.1:{ll_port}/v1/chat/completions",
                    "sk-bench",
                )
            for name in uvloop.run(_ready(targets, procs)):
                if name in ("upstream (direct)", "airlock (DLP on)"):
                    sys.exit(f"{name} did not start")
                print(f"SKIPPED {name}: the server did not start (see its output above)")
                del targets[name]
            pids = {name: procs[name].pid for name in targets}
            results = uvloop.run(measure(targets, pids, text, args.seconds))
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    report(results, args.json)


async def _ready(
    targets: dict[str, tuple[str, str]], procs: dict[str, subprocess.Popen[bytes]]
) -> list[str]:
    """Wait for every target; return the names of those that exited or never answered."""
    failed = []
    for name, (url, _) in targets.items():
        probe = "/health/liveliness" if name.startswith("litellm") else "/"
        try:
            await wait_ready(
                url.replace("/v1/chat/completions", probe), deadline_s=120, proc=procs[name]
            )
        except TimeoutError:
            failed.append(name)
    return failed


def report(results: dict[str, dict[int, Result]], path: Path | None) -> None:
    direct, gateway = results["upstream (direct)"], results["airlock (DLP on)"]
    print("airlock added latency (gateway minus direct, same run):")
    for concurrency in (1, 64):
        p50 = gateway[concurrency].p50_ms - direct[concurrency].p50_ms
        p99 = gateway[concurrency].p99_ms - direct[concurrency].p99_ms
        print(f"  c={concurrency:<3} p50 +{p50:.2f} ms   p99 +{p99:.2f} ms")
    print(f"airlock throughput at c=64: {gateway[64].rps:.0f} RPS (target >= 1500)")
    cpu = gateway[64].cpu_us
    print(
        f"airlock CPU per request at c=64: {cpu:.0f} us, i.e. at most {1e6 / cpu:.0f} RPS on "
        "one free core (this run's processes share the machine's cores)"
    )
    servers = [name for name in results if name.startswith("airlock on ")]
    if servers:
        print("servers (same gateway, same run; ratios to uvicorn + uvloop + httptools):")
        for name in ["airlock (DLP on)", *servers]:
            r = results[name]
            print(
                f"  {name:<28} c=64 {r[64].rps:6.0f} RPS ({r[64].rps / gateway[64].rps:4.2f}x)   "
                f"c=1 added p50 +{r[1].p50_ms - direct[1].p50_ms:.2f} ms "
                f"p99 +{r[1].p99_ms - direct[1].p99_ms:.2f} ms   "
                f"CPU {r[64].cpu_us:4.0f} us/req at c=64 ({r[64].cpu_us / cpu:4.2f}x)"
            )
    other = results.get("litellm (no guardrails)")
    if other is not None:
        print(
            f"airlock / litellm: {gateway[64].rps / other[64].rps:.1f}x the throughput at c=64; "
            f"added p50 at c=1 {gateway[1].p50_ms - direct[1].p50_ms:.2f} ms vs "
            f"{other[1].p50_ms - direct[1].p50_ms:.2f} ms"
        )
    if path is not None:
        data = {n: {c: r.__dict__ for c, r in rs.items()} for n, rs in results.items()}
        path.write_text(json.dumps(data, indent=2))


if __name__ == "__main__":
    main()
