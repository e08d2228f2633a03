"""A document-level signal that a text is a financial statement or reports financial results.

The statement vocabulary is a trigger of the shared scan, so texts without it cost
nothing here. Terms and numbers must come together: the text is judged in overlapping
windows of `WINDOW` characters, and in a window whose distinct terms weigh at least
`MIN_WEIGHT` the numeric structure is measured: table-like rows (several numbers, few
words) and money or percent amounts. Vocabulary alone (a textbook paragraph), numbers
alone (a recipe, sensor data), or terms scattered over a long text stay below 0.5.
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
    # An apostrophe may be typographic: the scanned bytes then hold "?" in its place.
    out = "".join("[ _-]" if c == " " else "['?]?" if c == "'" else re.escape(c) for c in term)
    return out + (r"\b" if len(term) <= 5 else "")


_STRONG_CANON = frozenset(_canon(t) for t in _STRONG)
_PERIOD = re.compile(r"(?:q[1-4]|fy[0-9]*)$")


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
_MAX_LINE = 300
_ENOUGH_ROWS = 12
WINDOW = 8192
_STRIDE = WINDOW // 2
_WINDOWS_MEASURED = 3  # only the richest windows are measured: bounded work per text
MIN_REPORT = 0.5
# Three weak words are common in code ("eps", "margin", "assets"); a statement has more
# (a strong line item such as net income counts twice), so fewer skip the row count.
MIN_WEIGHT = 4


def numeric_rows(text: str) -> int:
    """Lines that look like table rows: two or more numbers, and no more words than twice that."""
    rows = 0
    for line in text.splitlines():
        if len(line) > _MAX_LINE:
            continue
        numbers = len(_NUMBER.findall(line))
        if numbers >= 2 and 2 * numbers >= len(_WORD.findall(line)):
            rows += 1
            if rows >= _ENOUGH_ROWS:
                break
    return rows


def term_weight(terms: set[str]) -> int:
    """Strong terms count 2, others 1; periods (Q1-Q4, FY) at most 2 together.

    Quarters alone head sports scores and project plans as often as statements.
    """
    periods = sum(1 for t in terms if _PERIOD.match(t))
    return sum(2 if t in _STRONG_CANON else 1 for t in terms) - periods + min(periods, 2)


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
        text = doc.text
        # Window k covers [k * _STRIDE, k * _STRIDE + WINDOW): each hit is in two.
        raw: dict[int, set[str]] = {}
        for hit in hits:
            term = text[hit.start : hit.end]
            k = hit.start // _STRIDE
            raw.setdefault(k, set()).add(term)
            if k:
                raw.setdefault(k - 1, set()).add(term)
        weighted = []
        for k, terms in raw.items():
            canon = {_canon(t) for t in terms}
            weight = term_weight(canon)
            if weight >= MIN_WEIGHT:
                weighted.append((weight, k, len(canon)))
        best: tuple[float, str] | None = None
        for weight, k, n_terms in sorted(weighted, reverse=True)[:_WINDOWS_MEASURED]:
            segment = text[k * _STRIDE : k * _STRIDE + WINDOW]
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
