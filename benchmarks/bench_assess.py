"""Benchmark for `airlock assess` (issue 4): wall time, peak memory, and planted-defect rates.

Generates a seeded messy table (default 10M rows x 20 columns, Parquet under /tmp, reused
when it exists), runs the assessment in a fresh process (DuckDB, 2 threads, 2 GB limit),
prints wall time, CPU time and peak RSS, and checks that every planted defect is found at
its planted rate (+-0.5 pp). The truth is computed independently with pyarrow. With
--ydata PYTHON (a virtualenv with `pip install ydata-profiling pyarrow`), profiles the first
--ydata-rows rows (1M, the issue's slice) in minimal mode, extrapolates linearly to the
full table, and assesses that same slice with Airlock too: both ratios are printed.

    .venv/bin/python benchmarks/bench_assess.py --rows 10000000 --ydata /tmp/ydata-venv/bin/python

Not a timed test: figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))

from assess_data import NOW, write

RUNNER = r"""
import json, sys, time
from datetime import UTC, datetime
from airlock.assess import AssessRequest, assess
from airlock.assess.sources import EngineOptions, SourceSpec
from airlock.detect import Engine
args = json.loads(sys.argv[1])
engine = Engine()
start, cpu = time.perf_counter(), time.process_time()
report = assess(AssessRequest([SourceSpec(path=args["path"])], sample_rows=args["sample"],
                engine=EngineOptions(memory_limit=args["memory"], threads=args["threads"]),
                now=datetime.fromisoformat(args["now"]).replace(tzinfo=UTC)), engine)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child started by a parent
# that generated the data would report the parent's peak.
peak = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM"))
with open(args["out"], "w") as f:
    f.write(report.model_dump_json())
print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_rss": peak}))
"""

YDATA = r"""
import json, sys, time
import pandas as pd
from ydata_profiling import ProfileReport
df = pd.read_parquet(sys.argv[1])
start = time.perf_counter()
ProfileReport(df, minimal=True, progress_bar=False).to_json()
peak = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(df), "peak_rss": peak}))
"""


def truth(path: Path) -> dict[str, float]:
    """Rates computed with pyarrow from the written file (independent of DuckDB and ibis)."""
    table = pq.read_table(path, columns=["id", "email", "updated_at", "notes"])
    n = table.num_rows
    email = table["email"].combine_chunks()
    present = pc.drop_null(email)
    raw = len(pc.unique(present))
    norm = len(pc.unique(pc.utf8_lower(pc.utf8_trim_whitespace(present))))
    cutoff = pa.scalar(NOW - timedelta(days=365), table["updated_at"].type)
    stale = pc.sum(pc.less(table["updated_at"], cutoff)).as_py()
    return {
        "id.duplicate_keys": (n - len(pc.unique(table["id"].combine_chunks()))) / n,
        "email.near_duplicates": (raw - norm) / n,
        "updated_at.stale": stale / n,
    }


def measured(report: dict, rows: int) -> dict[str, float]:
    (source,) = report["sources"]
    (table,) = source["tables"]
    cols = {c["name"]: c for c in table["columns"]}

    def share(col: str, fmt_name: str | None = None) -> float:
        c = cols[col]
        return (
            c["dominant_share"]
            if fmt_name is None
            else next(f["share"] for f in c["formats"] if f["name"] == fmt_name)
        )

    def entity(col: str, name: str) -> float:
        return next((h["share"] for h in cols[col]["sensitive"] if h["entity"] == name), 0.0)

    return {
        "email.nulls": cols["email"]["nulls"] / rows,
        "phone.dominant_format": share("phone"),
        "signup_date.dominant_format": share("signup_date"),
        "updated_at.stale": table["stale_rows"] / rows,
        "country.dominant_format": share("country"),
        "status.placeholders": cols["status"]["placeholders"] / rows,
        "notes.EMAIL_ADDRESS": entity("notes", "EMAIL_ADDRESS"),
        "notes.CREDIT_CARD": entity("notes", "CREDIT_CARD"),
        "rows.exact_duplicates": table["exact_duplicate_rows"] / rows,
        "id.duplicate_keys": cols["id"]["duplicate_values"] / rows,
        "email.near_duplicates": cols["email"]["near_duplicates"] / rows,
    }


def run_ydata(python: str, path: Path, rows: int, sample: int, folder: Path) -> dict | None:
    sample_path = folder / f"ydata_sample_{sample}.parquet"
    if not sample_path.exists():
        pq.write_table(pq.read_table(path).slice(0, sample), sample_path)
    done = subprocess.run([python, "-c", YDATA, str(sample_path)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        print(f"ydata-profiling failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["extrapolated_seconds"] = result["seconds"] * rows / result["rows"]
    result["path"] = str(sample_path)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sample", type=int, default=10_000, help="assess --sample-rows")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/airlock-bench-assess"))
    parser.add_argument("--ydata", help="Python of a virtualenv with ydata-profiling")
    parser.add_argument("--ydata-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    path = args.folder / f"messy_{args.rows}_{args.seed}.parquet"
    rates_path = path.with_suffix(".json")
    if not (path.exists() and rates_path.exists()):
        started = time.perf_counter()
        rates = write(path, args.rows, args.seed).rates
        rates_path.write_text(json.dumps(rates))
        print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.0f}s: {path}")
    planted = json.loads(rates_path.read_text())
    planted.update(truth(path))
    print(
        f"date {date.today()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; {args.threads} DuckDB threads, "
        f"memory limit {args.memory}; other processes share this machine"
    )
    out = args.folder / "report.json"
    spec = {"path": str(path), "sample": args.sample, "memory": args.memory,
            "threads": args.threads, "now": NOW.isoformat(), "out": str(out)}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(spec)], capture_output=True,
                          text=True, check=True)  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"airlock assess: {args.rows:,} rows x 20 columns in {figures['seconds']:.1f}s wall "
        f"({figures['cpu']:.1f}s CPU), peak RSS {figures['peak_rss'] / 2**30:.2f} GB"
    )
    found = measured(json.loads(out.read_text()), args.rows)
    failures = 0
    print(f"{'defect':32} {'planted':>9} {'found':>9} {'diff pp':>8}")
    for key, expected in sorted(planted.items()):
        got = found.get(key)
        if got is None:
            continue
        diff = (got - expected) * 100
        ok = abs(diff) <= 0.5
        failures += not ok
        print(f"{key:32} {expected:9.4%} {got:9.4%} {diff:+8.3f} {'ok' if ok else 'MISSED'}")
    print(f"{len(planted) - failures} of {len(planted)} planted defects found within 0.5 pp")
    if args.ydata:
        base = run_ydata(args.ydata, path, args.rows, args.ydata_rows, args.folder)
        if base:
            ratio = base["extrapolated_seconds"] / figures["seconds"]
            print(
                f"ydata-profiling minimal: {base['rows']:,} rows in {base['seconds']:.1f}s, "
                f"peak RSS {base['peak_rss'] / 2**30:.2f} GB; extrapolated to {args.rows:,} "
                f"rows {base['extrapolated_seconds']:.0f}s; airlock is {ratio:.1f}x faster"
            )
            # The same slice, the same sample size: fixed costs (the sample's scan) included.
            same = dict(spec, path=str(base["path"]), out=str(args.folder / "slice.json"))
            done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(same)],
                                  capture_output=True, text=True, check=True)  # fmt: skip
            small = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"on the same {base['rows']:,}-row slice: airlock {small['seconds']:.1f}s wall "
                f"({small['cpu']:.1f}s CPU) vs ydata-profiling {base['seconds']:.1f}s: "
                f"{base['seconds'] / small['seconds']:.1f}x faster"
            )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
