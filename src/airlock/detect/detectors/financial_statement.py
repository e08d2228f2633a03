"""A document-level signal that a text is a financial statement or reports financial results.

The statement vocabulary is a trigger of the shared scan, so texts without it cost
nothing here. When the terms weigh at least `MIN_WEIGHT`, the text's numeric
structure is measured: table-like rows (several numbers, few words) and money or
percent amounts. Vocabulary alone (a textbook paragraph) or numbers alone (a recipe,
sensor data) stay below 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.document import Document
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding

FINANCIAL_STATEMENT = EntitySpec(
    "FINANCIAL_STATEMENT",
    "financial",
    Severity.HIGH,
    "Financial statement or financial results (document-level signal)",
)

# Terms that name a line of a statement count twice; common business words once.
_STRONG = (
    "ebitda",
    "net income",
    "net loss",
    "gross margin",
    "gross profit",
    "operating expenses",
    "operating income",
    "operating loss",
    "operating margin",
    "balance sheet",
    "cash flow",
    "earnings per share",
    "cost of revenue",
    "cost of sales",
    "cost of goods sold",
    "total assets",
    "total liabilities",
    "shareholders' equity",
    "stockholders' equity",
    "income statement",
    "profit and loss",
    "p&l",
    "accounts receivable",
    "accounts payable",
    "retained earnings",
)
_WEAK = (
    "revenue",
    "profit",
    "expenses",
    "margin",
    "income",
    "earnings",
    "guidance",
    "yoy",
    "eps",
    "cogs",
    "year over year",
    "fiscal",
    "quarter",
    "forecast",
    "budget",
    "opex",
    "capex",
    "ebit",
    "ytd",
    "depreciation",
    "amortization",
    "dividend",
    "liabilities",
    "assets",
    "diluted",
)
_PERIODS = (r"q[1-4]\b", r"fy ?'?[0-9]{2}(?:[0-9]{2})?\b", r"fy\b")


def _canon(term: str) -> str:
    return re.sub(r"[^a-z0-9&]", "", term.lower())


def _term_regex(term: str) -> str:
    out = "".join("[ _-]" if c == " " else "'?" if c == "'" else re.escape(c) for c in term)
    return out + (r"\b" if len(term) <= 5 else "")


_STRONG_CANON = frozenset(_canon(t) for t in _STRONG)


def _trigger() -> str:
    """One alternation of all terms, grouped by first letter (several times faster in `re`).

    Longest first within a group: the `re` fallback takes the first alternative that
    matches at a position, Hyperscan the longest; this order makes both pick the same.
    """
    groups: dict[str, list[str]] = {}
    for term in sorted(_STRONG + _WEAK, key=len, reverse=True):
        groups.setdefault(term[0], []).append(_term_regex(term)[1:])
    alternatives = [f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items()]
    return r"\b(?:" + "|".join(alternatives + list(_PERIODS)) + ")"


# A number: 1,234,567.89 or 1234.5 (a CSV's "1200,1300" stays two numbers).
_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?")
_WORD = re.compile(r"[A-Za-z]{2,}")
_AMOUNT_MARKS = ("$", "%", "€", "£", "¥", " million", " billion", " bn")
_SCAN_CHARS = 256 * 1024  # table rows are measured in the head of long texts
_MAX_LINE = 300
_ENOUGH_ROWS = 12
MIN_REPORT = 0.5
# Three weak words are common in code ("eps", "margin", "assets"); a statement has more
# (a strong line item such as net income counts twice), so fewer skip the row count.
MIN_WEIGHT = 4


def numeric_rows(text: str) -> int:
    """Lines that look like table rows: two or more numbers, and no more words than twice that."""
    rows = 0
    for line in text[:_SCAN_CHARS].splitlines():
        if len(line) > _MAX_LINE:
            continue
        numbers = len(_NUMBER.findall(line))
        if numbers >= 2 and 2 * numbers >= len(_WORD.findall(line)):
            rows += 1
            if rows >= _ENOUGH_ROWS:
                break
    return rows


def term_weight(terms: set[str]) -> int:
    return sum(2 if t in _STRONG_CANON else 1 for t in terms)


def statement_score(weight: int, rows: int, amounts: int) -> float:
    """Combine vocabulary (saturating at weight 6) with numeric evidence."""
    vocabulary = min(weight, 6) / 6
    evidence = min(1.0, rows / 5 + amounts / 10)
    return round(vocabulary * (0.45 + 0.55 * evidence), 3)


class StatementDetector(Detector):
    name = "financial.statement"
    entities = (FINANCIAL_STATEMENT,)

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("terms", _trigger(), ignore_case=True),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        lower = doc.lower
        terms = {_canon(raw) for raw in {lower[h.start : h.end] for h in hits}}
        weight = term_weight(terms)
        if weight < MIN_WEIGHT:
            return
        rows = numeric_rows(doc.text)
        amounts = sum(lower.count(mark) for mark in _AMOUNT_MARKS)
        score = statement_score(weight, rows, amounts)
        if score >= MIN_REPORT:
            detail = f"terms={len(terms)} numeric_rows={rows} amounts={amounts}"
            yield Finding(
                0,
                len(doc.text),
                FINANCIAL_STATEMENT.id,
                "financial",
                min(score, 1.0),
                self.name,
                scope="document",
                detail=detail,
            )
