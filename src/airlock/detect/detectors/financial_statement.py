"""A document-level signal that a text is a financial statement or reports financial results.

The statement vocabulary (`financial_statement_terms`) is a trigger of the shared scan, so
texts without it cost nothing here. Terms and numbers must come together: term hits are
grouped into *clusters* (hits at most `GAP` characters apart, a cluster at most `WINDOW`
long). In a cluster whose distinct terms weigh at least `MIN_WEIGHT` and name a
statement line or two kinds of figures (`names_figures`), the numeric structure is
measured on the cluster and `REACH` characters around it: table-like rows (several
numbers and few words, or a short label and an amount: "Net income 7,101,190") and
money or percent amounts. Vocabulary alone (a textbook paragraph), numbers alone (a
recipe, sensor data), business words in a sentence of prose next to unrelated prices
("revenue grew 15% year over year"), or terms scattered over a long text stay below 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.detectors.financial_statement_terms import (
    canon,
    names_figures,
    term_weight,
    trigger_pattern,
)
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

FINANCIAL_STATEMENT = EntitySpec(
    "FINANCIAL_STATEMENT",
    "financial",
    Severity.HIGH,
    "Financial statement or financial results (document-level signal)",
)

# A number standing alone: 1,234,567.89 or 1234.5 (a CSV's "1200,1300" stays two
# numbers), not a part of an identifier, a version or a date ("d327cc4", "INV-2025-77",
# "7.4.2", "03/26/2020"): prose full of those is no table.
_NUMBER = re.compile(
    r"(?<![\w./-])(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?![\w/-]|[.:][0-9])"
)
_WORD = re.compile(r"[A-Za-z]{2,}")
# A line ending in an amount: "7,101,190", "(670,039)", "19318.81 EUR", "14.7%".
_ENDS_WITH_AMOUNT = re.compile(r"[0-9](?:\)|%| ?[A-Z]{3})?\s*$")
_LABEL_WORDS = 8
_AMOUNT_MARKS = ("$", "%", "€", "£", "¥", " million", " billion", " bn")
_MAX_LINE = 300
_ENOUGH_ROWS = 12
GAP = 320  # statement lines sit a few rows apart; prose paragraphs on other topics do not
REACH = 240  # rows under a header that names the columns, a total line under a table
WINDOW = 8192
_CLUSTERS_MEASURED = 3  # only the richest clusters are measured: bounded work per text
MIN_REPORT = 0.5
# Three weak words are common in code ("eps", "margin", "assets"); a statement has more
# (a strong line item such as net income counts twice), so fewer skip the row count.
MIN_WEIGHT = 4


def _is_row(line: str) -> bool:
    numbers = len(_NUMBER.findall(line))
    if numbers == 0:
        return False
    words = len(_WORD.findall(line))
    if numbers >= 2 and 2 * numbers >= words:
        return True
    # A labelled amount; one number after a sentence of prose is not one.
    return 0 < words <= _LABEL_WORDS and _ENDS_WITH_AMOUNT.search(line) is not None


def numeric_rows(text: str) -> int:
    """Table-like lines: two or more numbers and at most twice as many words, or a label
    of a few words ending in an amount."""
    rows = 0
    for line in text.splitlines():
        if len(line) <= _MAX_LINE and _is_row(line):
            rows += 1
            if rows >= _ENOUGH_ROWS:
                break
    return rows


def statement_score(weight: int, rows: int, amounts: int) -> float:
    """Combine vocabulary (saturating at weight 6) with numeric evidence."""
    vocabulary = min(weight, 6) / 6
    evidence = min(1.0, rows / 5 + amounts / 10)
    return round(vocabulary * (0.45 + 0.55 * evidence), 3)


def clusters(hits: Sequence[Hit]) -> list[tuple[int, int, list[Hit]]]:
    """Hits grouped by proximity: (start, end, hits), each at most about `WINDOW` long."""
    out: list[tuple[int, int, list[Hit]]] = []
    for hit in sorted(hits, key=lambda h: h.start):
        if out:
            start, end, members = out[-1]
            if hit.start - end <= GAP and hit.end - start <= WINDOW:
                members.append(hit)
                out[-1] = (start, max(end, hit.end), members)
                continue
        out.append((hit.start, hit.end, [hit]))
    return out


def _segment(text: str, start: int, end: int) -> str:
    """The cluster with `REACH` around it, widened to whole lines (up to `_MAX_LINE`)."""
    lo = max(0, start - REACH)
    cut = text.rfind("\n", max(0, lo - _MAX_LINE), lo)
    lo = cut + 1 if cut >= 0 else lo
    hi = min(len(text), end + REACH)
    cut = text.find("\n", hi, hi + _MAX_LINE)
    return text[lo : cut if cut >= 0 else hi]


class StatementDetector(Detector):
    name = "financial.statement"
    entities = (FINANCIAL_STATEMENT,)

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("terms", trigger_pattern(), ignore_case=True),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        text = doc.text
        weighted = []
        for start, end, members in clusters(hits):
            terms = {canon(t) for t in {text[h.start : h.end] for h in members}}
            weight = term_weight(terms)
            if weight >= MIN_WEIGHT and names_figures(terms):
                weighted.append((weight, start, end, len(terms)))
        best: tuple[float, str] | None = None
        weighted.sort(key=lambda w: w[0], reverse=True)
        for weight, start, end, n_terms in weighted[:_CLUSTERS_MEASURED]:
            segment = _segment(text, start, end)
            rows = numeric_rows(segment)
            lower = segment.lower()
            amounts = sum(lower.count(mark) for mark in _AMOUNT_MARKS)
            score = statement_score(weight, rows, amounts)
            if best is None or score > best[0]:
                best = (score, f"terms={n_terms} numeric_rows={rows} amounts={amounts}")
        if best is not None and best[0] >= MIN_REPORT:
            yield Finding(
                0,
                len(text),
                FINANCIAL_STATEMENT.id,
                "financial",
                min(best[0], 1.0),
                self.name,
                scope="document",
                detail=best[1],
            )
