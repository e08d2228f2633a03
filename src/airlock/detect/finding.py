"""The unit of output of the detection engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Category = Literal["pii", "financial", "credential", "code", "custom"]
Scope = Literal["span", "document"]

CATEGORIES: tuple[Category, ...] = ("pii", "financial", "credential", "code", "custom")


@dataclass(frozen=True, slots=True)
class Finding:
    """A piece of sensitive data found in a text.

    `start`/`end` are character offsets into the scanned text. A finding never holds the
    value itself (take it from the text), so printing or logging one cannot leak it.
    `scope="document"` marks a signal about the whole text (source code, a financial
    statement): it covers the text and is not removed by span transforms.
    `detail` is non-sensitive extra information (a language, a matching file).
    """

    start: int
    end: int
    entity: str
    category: Category
    score: float
    detector: str
    scope: Scope = "span"
    detail: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start

    def value(self, text: str) -> str:
        """The detected value, taken from the text it was found in."""
        return text[self.start : self.end]

    def preview(self, text: str) -> str:
        """A masked preview of the value, safe to print or log."""
        if self.scope == "document":
            return f"<{self.entity.lower()}>"
        return mask_value(self.value(text))

    def __repr__(self) -> str:
        return (
            f"Finding({self.entity} [{self.start}:{self.end}] {self.category} "
            f"score={self.score:.2f} by {self.detector})"
        )


def mask_value(value: str, *, keep: int = 4) -> str:
    """Mask all but a few characters of a value: short values are masked whole.

    Up to `keep` trailing characters stay visible, but never more than a quarter of
    the value, so a preview never reveals enough to reconstruct it.
    """
    n = len(value)
    visible = min(keep, n // 4)
    if visible <= 0:
        return "*" * min(n, 12)
    hidden = min(n - visible, 12)
    return "*" * hidden + value[n - visible :]
