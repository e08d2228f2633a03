"""Value formats: small regex families that tell how a text column writes its values.

Each `Format` is a full-match regex written in the subset shared by RE2 (DuckDB), POSIX
AREs (PostgreSQL), Java (Spark) and Python, so the same definition classifies a sample in
Python and counts the whole column in the engine. A column's *kind* is the family most of
its sampled values match; the full pass then counts each format of that family.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

PLACEHOLDERS: tuple[str, ...] = (
    "n/a", "na", "n.a.", "#n/a", "unknown", "unk", "-", "--", "?", "none", "null", "nil",
    "undefined", "tbd", "todo", "xxx", "x", ".", "0000-00-00", "00/00/0000", "1900-01-01",
    "9999-12-31", "not available", "not applicable", "missing", "empty", "blank",
)  # fmt: skip


@dataclass(frozen=True)
class Format:
    """One way of writing a value: `name` within `family`, full-match `pattern`."""

    family: str
    name: str
    pattern: str
    label: str

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    @property
    def anchored(self) -> str:
        """The pattern for an engine's regex search (anchored on both ends)."""
        return f"^(?:{self.pattern})$" if "(" in self.pattern else f"^{self.pattern}$"

    def matches(self, value: str) -> bool:
        return self.compiled.fullmatch(value) is not None


D = "[0-9]"
FORMATS: tuple[Format, ...] = (
    Format("email", "email", r"[^@ ]+@[^@ ]+[.][A-Za-z]{2,}", "name@domain.tld"),
    Format("date", "iso_date", f"{D}{{4}}-{D}{{2}}-{D}{{2}}", "YYYY-MM-DD"),
    Format(
        "date",
        "iso_datetime",
        f"{D}{{4}}-{D}{{2}}-{D}{{2}}[T ]{D}{{2}}:{D}{{2}}[0-9:.+Z-]*",
        "YYYY-MM-DD hh:mm",
    ),
    Format("date", "slash_date", f"{D}{{1,2}}/{D}{{1,2}}/{D}{{2,4}}", "MM/DD/YYYY or DD/MM/YYYY"),
    Format("date", "dot_date", f"{D}{{1,2}}[.]{D}{{1,2}}[.]{D}{{2,4}}", "DD.MM.YYYY"),
    Format("date", "compact_date", f"(19|20){D}{{6}}", "YYYYMMDD"),
    Format("date", "text_date", f"{D}{{1,2}} [A-Za-z]{{3,9}},? {D}{{4}}", "D Month YYYY"),
    Format("date", "month_first", f"[A-Za-z]{{3,9}} {D}{{1,2}}, {D}{{4}}", "Month D, YYYY"),
    Format("phone", "e164", f"[+]{D}{{7,15}}", "+15551234567"),
    Format("phone", "intl_spaced", f"[+]{D}{{1,3}}[ .-][0-9 .()-]{{6,16}}{D}", "+1 555-123-4567"),
    Format("phone", "paren", f"[(]{D}{{3}}[)] ?{D}{{3}}[-. ]{D}{{4}}", "(555) 123-4567"),
    Format("phone", "dashed", f"{D}{{3}}-{D}{{3}}-{D}{{4}}", "555-123-4567"),
    Format("phone", "dotted", f"{D}{{3}}[.]{D}{{3}}[.]{D}{{4}}", "555.123.4567"),
    Format("phone", "digits", f"0?{D}{{9,11}}", "5551234567"),
    Format("number", "integer", f"[+-]?{D}+", "1234"),
    Format("number", "decimal", f"[+-]?{D}*[.]{D}+", "1234.56"),
    Format("number", "decimal_comma", f"[+-]?{D}+,{D}+", "1234,56"),
    Format("number", "thousands", f"[+-]?{D}{{1,3}}([,. ]{D}{{3}})+([.,]{D}+)?", "1,234.56"),
    Format("number", "currency", f"[$€£¥] ?[+-]?{D}[0-9,.]*", "$1,234.56"),
    Format("code", "upper", "[^a-z]*[A-Z][^a-z]*", "UPPER"),
    Format("code", "lower", "[^A-Z]*[a-z][^A-Z]*", "lower"),
    Format("code", "title", "[A-Z][a-z0-9]+([ _-][A-Z][a-z0-9]+)*", "Title"),
)

FAMILIES = ("email", "date", "phone", "number", "code")
NAME_HINTS = {
    "email": ("email", "mail"),
    "date": ("date", "_at", "time", "day", "dob", "birth"),
    "phone": ("phone", "tel", "mobile", "fax", "cell"),
    "number": ("amount", "price", "total", "qty", "quantity", "count", "balance", "cost"),
    "code": ("code", "status", "type", "country", "state", "currency", "category", "segment"),
}
KIND_SHARE = 0.6
CODE_MAX_DISTINCT = 64
CODE_MAX_LENGTH = 24


def family(name: str) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.family == name)


def is_placeholder(value: str) -> bool:
    return value.strip().lower() in PLACEHOLDERS


def meaningful(values: Iterable[str | None]) -> list[str]:
    """Values that say something: not null, not blank, not a placeholder."""
    return [v for v in values if v is not None and v.strip() and not is_placeholder(v)]


_RUNS = (
    (re.compile(r"[0-9]+"), "9"),
    (re.compile(r"[A-Z]+"), "A"),
    (re.compile(r"[a-z]+"), "a"),
    (re.compile(r"(?:(?![0-9Aa])[^\W_])+"), "a"),  # other letters (accents, scripts)
)


def shape(value: str) -> str:
    """The value's shape with runs collapsed: `C00123` -> `A9`, `anna.b@x.io` -> `a.a@a.a`."""
    for pattern, code in _RUNS:
        value = pattern.sub(code, value)
    return re.sub(r"(.)\1+", r"\1", value)[:40]


@dataclass(frozen=True)
class Inference:
    """What a sample says about a text column: its kind and the formats seen in it."""

    kind: str
    formats: tuple[Format, ...]
    sample_share: float
    dominant_shape: str | None
    shape_share: float


def infer(column: str, values: list[str]) -> Inference:
    """The column's kind from its sampled meaningful values (`text` when no family fits)."""
    shapes = Counter(shape(v) for v in values)
    top_shape, top_count = shapes.most_common(1)[0] if shapes else (None, 0)
    shape_share = top_count / len(values) if values else 0.0
    if not values:
        return Inference("empty", (), 0.0, None, 0.0)
    lowered = column.lower()
    best, best_score, best_share = "text", 0.0, 0.0
    for name in FAMILIES:
        if name == "code" and not _looks_like_codes(values):
            continue
        matched = [f for f in family(name) if any(f.matches(v) for v in values[:2000])]
        if not matched:
            continue
        share = sum(1 for v in values if any(f.matches(v) for f in matched)) / len(values)
        score = share + (0.15 if any(h in lowered for h in NAME_HINTS[name]) else 0.0)
        if share >= KIND_SHARE and score > best_score:
            best, best_score, best_share = name, score, share
    if best == "text":
        return Inference("text", (), 0.0, top_shape, shape_share)
    seen = tuple(f for f in family(best) if any(f.matches(v) for v in values))
    return Inference(best, seen, best_share, top_shape, shape_share)


def _looks_like_codes(values: list[str]) -> bool:
    distinct = set(values)
    return len(distinct) <= CODE_MAX_DISTINCT and max(len(v) for v in distinct) <= CODE_MAX_LENGTH
