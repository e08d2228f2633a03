"""Line and column numbers for offsets, tracked as windows advance through an input.

Counting runs at C speed (`str.count`/`str.rfind` between consecutive offsets), so a
window costs one pass over its text however many findings it holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from airlock.scan.reader import Window


class LineTracker:
    """Knows the line number and line start at the beginning of the current window's chunk."""

    def __init__(self) -> None:
        self._newlines = 0  # newlines before the current chunk
        self._line_start = 0  # input offset where the line holding the chunk start begins

    def locate(self, window: Window, positions: Iterable[int]) -> dict[int, tuple[int, int]]:
        """1-based (line, column) for window-relative positions at or after `keep_from`."""
        text = window.text
        located: dict[int, tuple[int, int]] = {}
        newlines, line_start, previous = self._newlines, self._line_start, window.keep_from
        for position in sorted(set(positions)):
            newlines += text.count("\n", previous, position)
            last = text.rfind("\n", previous, position)
            if last >= 0:
                line_start = window.offset + last + 1
            located[position] = (newlines + 1, window.offset + position - line_start + 1)
            previous = position
        return located

    def advance(self, window: Window) -> None:
        """Move past the window's chunk."""
        text = window.text
        self._newlines += text.count("\n", window.keep_from, window.keep_to)
        last = text.rfind("\n", window.keep_from, window.keep_to)
        if last >= 0:
            self._line_start = window.offset + last + 1
