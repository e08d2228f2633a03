"""A text being scanned, with the cached views detectors share."""

from __future__ import annotations

import re
from functools import cached_property


class Document:
    """Wraps the text under scan. Detectors read `text`, and `lower`/`context` for cues."""

    __slots__ = ("__dict__", "_ascii", "text")

    def __init__(self, text: str, ascii: bytes | None = None):
        self.text = text
        self._ascii = ascii

    @property
    def ascii(self) -> bytes:
        """The text one byte per character (non-ASCII characters are `?`), as the
        triggers were matched on: byte offsets are character offsets."""
        if self._ascii is None:
            self._ascii = self.text.encode("ascii", "replace")
        return self._ascii

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    # The windows lower-case only their slice: lower-casing a large text whole for one
    # context check costs more than the rest of its scan.
    def before(self, start: int, width: int = 48) -> str:
        """Lower-cased text just before `start` (context words usually precede a value)."""
        return self.text[max(0, start - width) : start].lower()

    def around(self, start: int, end: int, width: int = 48) -> str:
        """Lower-cased text around a span, the span excluded."""
        text = self.text
        return (text[max(0, start - width) : start] + " " + text[end : end + width]).lower()

    def has_context(self, start: int, end: int, words: tuple[str, ...], width: int = 48) -> bool:
        """True when one of `words` (lower-case) appears near the span."""
        window = self.around(start, end, width)
        return any(w in window for w in words)

    def near(self, start: int, end: int, pattern: re.Pattern[str], width: int = 48) -> bool:
        """True when `pattern` (lower-case, with its own word bounds) matches near the span."""
        return pattern.search(self.around(start, end, width)) is not None
