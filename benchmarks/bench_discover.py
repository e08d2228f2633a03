"""Benchmark for `airlock discover` (issue 5): throughput, peak memory, and recall.

Generates seeded logs (Squid with upload sizes, Zeek ssl TSV and dns JSON, Cisco Umbrella
and Zscaler CSV exports; business traffic plus AI traffic plus planted services, people and
uploads), then runs discovery in a fresh process per scenario and prints lines/s, peak RSS
and whether every planted service, person and upload was found.

    .venv/bin/python benchmarks/bench_discover.py --lines 10000000

Not a timed test: figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from discover_data import (
    LOOKALIKES,
    Truth,
    World,
    write_squid,
    write_umbrella,
    write_zeek_dns_json,
    write_zeek_ssl,
    write_zscaler,
)

TARGET_LINES_PER_S = 500_000
MEMORY_BUDGET_MB = 1536

RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
from airlock.discover.config import load_config
from airlock.discover.service import DiscoverRequest, discover
args = json.loads(sys.argv[1])
start = time.perf_counter()
report = discover(DiscoverRequest(inputs=args["inputs"], config=load_config(Path(args["config"]))))
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
with open(args["out"], "w") as f:
    f.write(report.model_dump_json())
print(json.dumps({"seconds": elapsed, "peak_rss": peak}))
"""


def generate(folder: Path, lines: int, seed: int) -> Truth:
    """Write every format into `folder`; 80% of the lines are Squid, 5% each of the rest."""
    folder.mkdir(parents=True, exist_ok=True)
    world = World(seed)
    truth = Truth()
    squid = folder / "squid"
    squid.mkdir(exist_ok=True)
    write_squid(world, squid, files=4, lines=int(lines * 0.8), truth=truth)
    other = folder / "other"
    other.mkdir(exist_ok=True)
    share = lines // 20
    write_zeek_ssl(world, other / "ssl.log.gz", share, truth)
    write_zeek_dns_json(world, other / "dns.json.gz", share, truth)
    write_umbrella(world, other / "umbrella-dns.csv", share, truth)
    write_zscaler(world, other / "zscaler-web.csv", share, truth)
    world.identity_csv(folder / "identities.csv")
    (folder / "discover.yaml").write_text(
        "identity_map: identities.csv\n"
        "gateway_hosts: [ai-gateway.example.com]\n"
        "services: {claude: sanctioned, gemini: tolerated, deepseek: prohibited}\n",
        encoding="utf-8",
    )
    (folder / "truth.json").write_text(
        json.dumps(
            {
                "services": sorted(truth.services),
                "people": truth.people,
                "uploads": truth.uploads,
                "lines": truth.lines,
            }
        ),
        encoding="utf-8",
    )
    return truth


def run(inputs: list[Path], config: Path, out: Path) -> dict[str, float]:
    args = json.dumps({"inputs": [str(p) for p in inputs], "config": str(config), "out": str(out)})
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, args], check=False, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"discovery failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def check(report_path: Path, truth: dict[str, object]) -> list[str]:
    """Planted things the report missed (empty: all found), and lookalikes it wrongly kept."""
    from airlock.discover.catalog import load_catalog, matcher_for

    report = json.loads(report_path.read_text())
    matcher = matcher_for(load_catalog())
    services = {s["id"] for s in report["services"]}
    hosts = {h for s in report["services"] for h in s["hosts"]}
    problems = []
    planted_services = truth["services"]
    assert isinstance(planted_services, list)
    for host in planted_services:
        if matcher.match(host) not in services:
            problems.append(f"service of {host} not found")
    people = {(u["person"], sid) for u in report["users"] for sid in u["services"]}
    planted_people = truth["people"]
    assert isinstance(planted_people, dict)
    for person, host in planted_people.items():
        if (person, matcher.match(host)) not in people:
            problems.append(f"{person} on {host} not found")
    uploads = {(u["person"], u["host"], u["bytes_out"]) for u in report["uploads"]}
    planted_uploads = truth["uploads"]
    assert isinstance(planted_uploads, list)
    for person, host, size in planted_uploads:
        if (person, host, size) not in uploads:
            problems.append(f"upload {person} -> {host} ({size} B) not found")
    problems += [f"lookalike {h} matched" for h in LOOKALIKES if h in hosts]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=None, help="Keep/reuse data here.")
    args = parser.parse_args()
    folder = args.data or Path(tempfile.mkdtemp(prefix="airlock-bench-"))
    marker = folder / f"generated-{args.lines}-{args.seed}"
    if not marker.exists():
        start = time.perf_counter()
        generate(folder, args.lines, args.seed)
        marker.touch()
        print(f"generated {args.lines:,} lines in {time.perf_counter() - start:.0f} s: {folder}")
    truth = json.loads((folder / "truth.json").read_text())
    lines = truth["lines"]
    squid_lines = sum(n for name, n in lines.items() if name.startswith("access.log"))
    scenarios = [
        ("squid only", [folder / "squid"], squid_lines),
        ("all formats", [folder / "squid", folder / "other"], sum(lines.values())),
    ]
    print(f"{'scenario':<12} {'lines':>12} {'seconds':>8} {'lines/s':>10} {'peak RSS':>9}  recall")
    for name, inputs, count in scenarios:
        out = folder / f"report-{name.replace(' ', '-')}.json"
        result = run(inputs, folder / "discover.yaml", out)
        problems = check(out, truth) if name == "all formats" else check_squid(out, truth)
        rate = count / result["seconds"]
        peak = result["peak_rss"] / (1 << 20)
        verdict = (
            "all planted services, people and uploads found"
            if not problems
            else "; ".join(problems)
        )
        print(
            f"{name:<12} {count:>12,} {result['seconds']:>8.1f} {rate:>10,.0f} {peak:>7.0f} MB  {verdict}"
        )
        if name == "squid only":
            # The baseline: >= 500k Squid lines/s end to end, peak memory <= 1.5 GB.
            print(
                f"{'':<12} vs issue 5 target: {rate / TARGET_LINES_PER_S:.2f}x of 500k lines/s, "
                f"{peak / MEMORY_BUDGET_MB:.2f}x of the 1.5 GB memory budget "
                f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
            )


def check_squid(report_path: Path, truth: dict[str, object]) -> list[str]:
    # Everything is planted in the Squid logs, so the Squid-only run must find it all too.
    return check(report_path, truth)


if __name__ == "__main__":
    main()
