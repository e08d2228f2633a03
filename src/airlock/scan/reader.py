"""Reading inputs as text, in overlapping windows so big files use bounded memory.

A file is cut into chunks of `chunk_chars` characters; window i holds chunk i plus
`overlap_chars` on each side, and only findings that *start* inside chunk i are kept.
A value shorter than the overlap is therefore seen whole, with its context, by exactly
one window, whatever the boundaries.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

CHUNK_CHARS = 1 << 20
OVERLAP_CHARS = 8 << 10  # longer than any entity value plus its context window
SNIFF_BYTES = 8 << 10  # a NUL byte in these marks a binary file, as git decides
_BLOCK_BYTES = 1 << 20

# Checked in this order: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Window:
    """Characters `offset .. offset+len(text)` of the input; findings starting in
    `text[keep_from:keep_to]` belong to this window."""

    text: str
    offset: int
    keep_from: int
    keep_to: int


class TextStream:
    """Decodes a binary stream into characters on demand (UTF-8, invalid bytes replaced;
    UTF-16/32 when a byte-order mark says so) and counts the bytes read."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        head = stream.read(SNIFF_BYTES)
        encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
        self.binary = encoding is None and b"\0" in head
        self._decoder = codecs.getincrementaldecoder(encoding or "utf-8")(errors="replace")
        self.bytes_read = len(head)
        self._eof = not head
        self._pending = self._decoder.decode(head, final=self._eof)

    def read(self, n: int) -> str:
        """Up to `n` characters; fewer only at the end of the input."""
        parts = [self._pending]
        have = len(self._pending)
        while have < n and not self._eof:
            data = self._stream.read(_BLOCK_BYTES)
            self._eof = not data
            self.bytes_read += len(data)
            text = self._decoder.decode(data, final=self._eof)
            parts.append(text)
            have += len(text)
        joined = "".join(parts) if len(parts) > 1 else parts[0]
        self._pending = joined[n:]
        return joined[:n]


def windows(
    source: TextStream, chunk_chars: int = CHUNK_CHARS, overlap_chars: int = OVERLAP_CHARS
) -> Iterator[Window]:
    """Overlapping windows covering the whole input, in order (none for an empty input)."""
    if chunk_chars < 1 or overlap_chars < 0:
        raise ValueError("chunk_chars must be >= 1 and overlap_chars >= 0")
    buffer = ""
    buffer_start = 0  # input offset of buffer[0]
    eof = False
    start = 0  # the current chunk is input[start : start + chunk_chars]
    while True:
        want = start + chunk_chars + overlap_chars - (buffer_start + len(buffer))
        if want > 0 and not eof:
            more = source.read(want)
            eof = len(more) < want
            buffer += more
        end = min(start + chunk_chars, buffer_start + len(buffer))
        if end <= start:
            return
        low = max(0, start - overlap_chars)
        text = buffer[low - buffer_start : end + overlap_chars - buffer_start]
        yield Window(text, low, start - low, end - low)
        start = end
        cut = max(0, start - overlap_chars) - buffer_start
        if cut > 0:
            buffer = buffer[cut:]
            buffer_start += cut
