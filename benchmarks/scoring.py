"""Scoring of predicted spans against the corpus labels, and safe error examples.

A predicted span is correct when a label of the same entity overlaps it (or a label
that accepts the prediction's entity as an alias: `corpus.ACCEPTED`); a label is found
when such a prediction overlaps it. Precision counts predictions,
recall counts labels. Document-level entities are scored per document.
Examples never show a value: only its shape (character classes) and a context in which
every labeled value is replaced by its entity name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from benchmarks.corpus import ACCEPTED, Doc, Label


class Pred(NamedTuple):
    start: int
    end: int
    entity: str
    score: float = 1.0
    detector: str = ""


@dataclass
class Counts:
    tp: int = 0  # labels found
    fn: int = 0  # labels missed
    correct: int = 0  # predictions overlapping a label of their entity
    fp: int = 0  # predictions overlapping none
    fn_examples: list[str] = field(default_factory=list)
    fp_examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        n = self.correct + self.fp
        return self.correct / n if n else 1.0

    @property
    def recall(self) -> float:
        n = self.tp + self.fn
        return self.tp / n if n else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.correct += other.correct
        self.fp += other.fp


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_CLASS = [(re.compile(r"[0-9]+"), "9"), (re.compile(r"[A-Z]+"), "A"), (re.compile(r"[a-z]+"), "a")]


def _run(ch: str, m: re.Match[str]) -> str:
    n = len(m.group())
    return ch if n == 1 else f"{ch}{{{n}}}"


def shape(value: str, limit: int = 48) -> str:
    """Character-class shape of a value, e.g. `9{3}-9{2}-9{4}`: safe to print."""
    out = value
    for rx, ch in _CLASS:
        out = rx.sub(partial(_run, ch), out)
    out = re.sub(r"[^\x20-\x7e]", "?", out.replace("\n", "\\n"))
    return out if len(out) <= limit else out[:limit] + "..."


def masked(doc: Doc, lo: int, hi: int, span: tuple[int, int] | None = None) -> str:
    """`doc.text[lo:hi]` with every labeled value (and `span`, by its shape) masked."""
    marks = [(s, e, f"<{ent}>") for s, e, ent in doc.labels if _overlaps((s, e), (lo, hi))]
    if span is not None:
        # Labels the span overlaps are masked whole with it: no part of them is shown.
        inside = [m for m in marks if _overlaps((m[0], m[1]), span)]
        marks = [m for m in marks if m not in inside]
        tag = f"[[{shape(doc.text[span[0] : span[1]], 32)}]]" + "".join(
            f" in {m[2]}" for m in inside
        )
        start = min([span[0], *(m[0] for m in inside)])
        marks.append((start, max([span[1], *(m[1] for m in inside)]), tag))
    out, pos = [], lo
    for s, e, mark in sorted(marks):
        if e <= pos:
            continue
        cut = max(s, pos)  # a value cut by the window edge is masked whole
        out.append(doc.text[pos:cut])
        out.append(mark)
        pos = e
    out.append(doc.text[pos:hi] if pos < hi else "")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def context(doc: Doc, start: int, end: int, width: int = 40) -> str:
    """Text around a span, the span shown by its shape and labeled values masked."""
    lo, hi = max(0, start - width), min(len(doc.text), end + width)
    return masked(doc, lo, hi, (start, end))


def _match(labels: Sequence[Label], p: Pred) -> int | None:
    """Index of the label a prediction finds: same entity first, then an accepted alias."""
    hits = [i for i, (s, e, _) in enumerate(labels) if _overlaps((s, e), (p.start, p.end))]
    for i in hits:
        if labels[i].entity == p.entity:
            return i
    for i in hits:
        if p.entity in ACCEPTED.get(labels[i].entity, ()):
            return i
    return None


def score_spans(
    docs: Sequence[Doc],
    preds: Sequence[Sequence[Pred]],
    entities: Iterable[str],
    *,
    examples: int = 0,
) -> dict[str, Counts]:
    """Per-entity counts for `entities` (labels and predictions of other entities ignored)."""
    result = {e: Counts() for e in entities}
    for doc, doc_preds in zip(docs, preds, strict=True):
        found: set[int] = set()
        for p in doc_preds:
            i = _match(doc.labels, p)
            if i is not None and doc.labels[i].entity in result:
                found.add(i)
                result[doc.labels[i].entity].correct += 1
            elif p.entity in result and i is None:
                counts = result[p.entity]
                counts.fp += 1
                if len(counts.fp_examples) < examples:
                    other = [ent for s, e, ent in doc.labels if _overlaps((s, e), (p.start, p.end))]
                    why = f" (labeled {other[0]})" if other else ""
                    counts.fp_examples.append(
                        f"{doc.kind}{why} score={p.score:.2f} {p.detector}: "
                        f"{context(doc, p.start, p.end)}"
                    )
        for i, (s, e, entity) in enumerate(doc.labels):
            row = result.get(entity)
            if row is None:
                continue
            if i in found:
                row.tp += 1
            else:
                row.fn += 1
                if len(row.fn_examples) < examples:
                    row.fn_examples.append(f"{doc.kind}: {context(doc, s, e)}")
    return result


def score_documents(
    docs: Sequence[Doc], predicted: Sequence[set[str]], entities: Iterable[str]
) -> dict[str, Counts]:
    """Per-document classification counts for document-level entities."""
    result = {e: Counts() for e in entities}
    for doc, found in zip(docs, predicted, strict=True):
        for entity, counts in result.items():
            gold, pred = entity in doc.doc_labels, entity in found
            counts.tp += gold and pred
            counts.correct += gold and pred
            counts.fn += gold and not pred
            counts.fp += pred and not gold
            if pred and not gold and len(counts.fp_examples) < 5:
                counts.fp_examples.append(f"{doc.kind}: {masked(doc, 0, 80)}")
            if gold and not pred and len(counts.fn_examples) < 5:
                counts.fn_examples.append(f"{doc.kind}: {masked(doc, 0, 80)}")
    return result


def micro(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total.add(c)
    return total
