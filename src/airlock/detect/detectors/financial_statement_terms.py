"""The vocabulary of financial statements: the trigger that finds it and how terms weigh."""

from __future__ import annotations

import re

# Terms that name a line or a heading of a statement count twice; business words once.
STRONG = (
    "ebitda",
    "net income",
    "net loss",
    "gross margin",
    "gross profit",
    "operating expenses",
    "operating income",
    "operating loss",
    "operating margin",
    "operating activities",
    "investing activities",
    "financing activities",
    "net cash",
    "working capital",
    "capital expenditures",
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
    "statement of operations",
    "profit and loss",
    "p&l",
    "accounts receivable",
    "accounts payable",
    "retained earnings",
    # Bank and card account statements.
    "account statement",
    "bank statement",
    "statement of account",
    "statement period",
    "opening balance",
    "closing balance",
    "beginning balance",
    "ending balance",
    "available balance",
    "previous balance",
)
WEAK = (
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
    "debit",
    "withdrawal",
)
_PERIODS = (r"q[1-4]\b", r"fy ?'?[0-9]{2}(?:[0-9]{2})?\b", r"fy\b")


def canon(term: str) -> str:
    """The term as matched, reduced to the form the tables use ("Net_Income" -> netincome)."""
    return re.sub(r"[^a-z0-9&]", "", term.lower())


def _term_regex(term: str) -> str:
    # An apostrophe may be typographic: the scanned bytes then hold "?" in its place.
    out = "".join("[ _-]" if c == " " else "['?]?" if c == "'" else re.escape(c) for c in term)
    return out + (r"\b" if len(term) <= 5 else "")


_STRONG_CANON = frozenset(canon(t) for t in STRONG)
_PERIOD = re.compile(r"(?:q[1-4]|fy[0-9]*)$")
# Words that place figures in time or in a plan rather than name a figure.
_CONTEXT = frozenset(
    canon(t) for t in ("yoy", "year over year", "fiscal", "quarter", "forecast", "budget", "ytd")
)


def trigger_pattern() -> str:
    """One alternation of all terms, grouped by first letter (several times faster in `re`).

    Longest first within a group: the `re` fallback takes the first alternative that
    matches at a position, Hyperscan the longest; this order makes both pick the same.
    """
    groups: dict[str, list[str]] = {}
    for term in sorted(STRONG + WEAK, key=len, reverse=True):
        groups.setdefault(term[0], []).append(_term_regex(term)[1:])
    alternatives = [f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items()]
    return r"\b(?:" + "|".join(alternatives + list(_PERIODS)) + ")"


def names_figures(terms: set[str]) -> bool:
    """True when the terms name a statement line or two kinds of figures.

    "Revenue grew 15% year over year ... until the budget is approved" is business prose
    about one figure; results and statements report several (revenue and net income,
    assets and liabilities, an opening and a closing balance).
    """
    if not _STRONG_CANON.isdisjoint(terms):
        return True
    return sum(1 for t in terms if t not in _CONTEXT and not _PERIOD.match(t)) >= 2


def term_weight(terms: set[str]) -> int:
    """Strong terms count 2, others 1; periods (Q1-Q4, FY) at most 2 together.

    Quarters alone head sports scores and project plans as often as statements.
    """
    periods = sum(1 for t in terms if _PERIOD.match(t))
    return sum(2 if t in _STRONG_CANON else 1 for t in terms) - periods + min(periods, 2)
