"""Benchmark for issue 8: the same assessment on DuckDB and on Spark local[2], same code path.

For each size (default 1M and 10M rows x 20 columns, the seeded table of bench_assess.py,
reused from /tmp when it exists) the assessment runs in a fresh process on DuckDB (2 threads,
2 GB) and on Spark (`engine: spark`, master local[2], 2 GB driver), and prints wall time,
CPU seconds (this process's threads plus the Spark JVM: the fairer figure on a shared
machine), peak memory (Python plus the Spark JVM), the number of Spark jobs, and whether
every figure exact on both engines is identical. Spark on two local cores is expected to
be slower; docs/scale.md explains where a cluster wins.

    .venv/bin/python benchmarks/bench_engines.py --rows 1000000 10000000

Not a timed test: figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from assess_data import NOW, write

RUNNER = r"""
import json, os, sys, time
from datetime import UTC, datetime
from airlock.assess import AssessRequest, assess
from airlock.assess.sources import EngineOptions, SourceSpec
from airlock.detect import Engine
args = json.loads(sys.argv[1])
if args["engine"] == "spark":
    spec = SourceSpec(path=args["path"], engine="spark", master="local[2]", spark_conf={
        "spark.driver.memory": args["memory"].lower().removesuffix("b"), "spark.sql.shuffle.partitions": "4"})
else:
    spec = SourceSpec(path=args["path"])
engine = Engine()
startup, tracker, jobs_before = 0.0, None, 0
if args["engine"] == "spark":
    # Session start (JVM launch) is timed apart: a cluster pays it once, not per table.
    from airlock.engines import spark
    started = time.perf_counter()
    session = spark.get_session(spark.SparkOptions(master=spec.master, conf=spec.spark_conf))
    startup = time.perf_counter() - started
    tracker = session.sparkContext.statusTracker()
    jobs_before = len(tracker.getJobIdsForGroup())

def hwm(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

def children(pid):
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            kids = open(f"/proc/{pid}/task/{task}/children").read().split()
        except OSError:
            continue
        for kid in kids:
            out += [int(kid)] + children(int(kid))
    return out

def cpu_seconds():
    # This process (all its threads) and its children (the JVM), user + system.
    total = time.process_time()
    for pid in children(os.getpid()):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total

start, cpu = time.perf_counter(), cpu_seconds()
report = assess(AssessRequest([spec], sample_rows=args["sample"],
                engine=EngineOptions(memory_limit=args["memory"], threads=2),
                now=datetime.fromisoformat(args["now"]).replace(tzinfo=UTC)), engine)
elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
jobs = len(tracker.getJobIdsForGroup()) - jobs_before if tracker is not None else 0
# VmHWM per process (the JVM is a child of this one); the sum bounds the combined peak.
jvm = sum(hwm(pid) for pid in children(os.getpid()))
with open(args["out"], "w") as f:
    f.write(report.model_dump_json())
print(json.dumps({"seconds": elapsed, "cpu": cpu, "startup": startup,
                  "python_peak": hwm(os.getpid()), "jvm_peak": jvm, "jobs": jobs}))
"""

EXACT = ("nulls", "empty", "placeholders", "distinct", "duplicate_values", "near_duplicates",
         "stale", "dominant_format", "dominant_share")  # fmt: skip


def figures(report: dict) -> dict[str, object]:
    """Every figure that is exact on both engines, keyed by column and metric."""
    table = report["sources"][0]["tables"][0]
    out: dict[str, object] = {
        "rows": table["rows"],
        "exact_duplicate_rows": table["exact_duplicate_rows"],
        "stale_rows": table["stale_rows"],
    }
    for column in table["columns"]:
        for key in EXACT:
            out[f"{column['name']}.{key}"] = column[key]
        for fmt in column["formats"]:
            if fmt["evidence"] == "measured":
                out[f"{column['name']}.format.{fmt['name']}"] = fmt["rows"]
    return out


def run(engine: str, path: Path, args: argparse.Namespace) -> tuple[dict, dict]:
    out = args.folder / f"report_{engine}.json"
    spec = {"engine": engine, "path": str(path), "sample": args.sample, "memory": args.memory,
            "now": NOW.isoformat(), "out": str(out)}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(spec)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{engine} run failed")
    return json.loads(done.stdout.strip().splitlines()[-1]), json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/airlock-bench-assess"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    print(
        f"date {date.today()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; DuckDB 2 threads vs Spark local[2], "
        f"memory {args.memory} each; other processes share this machine"
    )
    print(f"{'rows':>11} {'engine':7} {'wall s':>8} {'CPU s':>7} {'start s':>7} {'peak GB':>8} "
          f"{'JVM GB':>7} {'vs DuckDB':>9} {'jobs':>5}")  # fmt: skip
    failures = 0
    for rows in args.rows:
        path = args.folder / f"messy_{rows}_{args.seed}.parquet"
        if not path.exists():
            started = time.perf_counter()
            write(path, rows, args.seed)
            print(f"generated {rows:,} rows in {time.perf_counter() - started:.0f}s: {path}")
        duck, duck_report = run("duckdb", path, args)
        spark, spark_report = run("spark", path, args)
        for name, fig in (("duckdb", duck), ("spark", spark)):
            peak = (fig["python_peak"] + fig["jvm_peak"]) / 2**30
            ratio = fig["seconds"] / duck["seconds"]
            print(
                f"{rows:>11,} {name:7} {fig['seconds']:8.1f} {fig['cpu']:7.1f} "
                f"{fig['startup']:7.1f} {peak:8.2f} {fig['jvm_peak'] / 2**30:7.2f} "
                f"{ratio:8.1f}x {fig['jobs'] if name == 'spark' else '':>5}"
            )
        a, b = figures(duck_report), figures(spark_report)
        differing = sorted(k for k in a if a[k] != b.get(k))
        failures += bool(differing)
        print(f"{'':>11} exact figures identical: {len(a) - len(differing)} of {len(a)}"
              + (f"; differ: {', '.join(differing[:8])}" if differing else ""))  # fmt: skip
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
