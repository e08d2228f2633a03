"""Reading inputs: decoding, binary sniffing and overlapping windows that cover everything."""

from __future__ import annotations

import codecs
import io

import pytest

from airlock.scan.reader import SNIFF_BYTES, TextStream, windows


def _stream(data: bytes) -> TextStream:
    return TextStream(io.BytesIO(data))


@pytest.mark.parametrize(
    ("chunk", "overlap"), [(1, 0), (1, 3), (4, 16), (7, 2), (64, 8), (1000, 10)]
)
@pytest.mark.parametrize("length", [0, 1, 5, 63, 64, 65, 300])
def test_windows_tile_the_input_with_overlap_on_both_sides(
    chunk: int, overlap: int, length: int
) -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(length))
    seen = list(windows(_stream(text.encode()), chunk, overlap))
    assert "".join(w.text[w.keep_from : w.keep_to] for w in seen) == text
    for w in seen:
        assert w.text == text[w.offset : w.offset + len(w.text)]
        chunk_start, chunk_end = w.offset + w.keep_from, w.offset + w.keep_to
        assert w.offset == max(0, chunk_start - overlap)
        assert w.offset + len(w.text) == min(length, chunk_end + overlap)
        assert 0 < chunk_end - chunk_start <= chunk


def test_reading_across_many_blocks_returns_exact_counts() -> None:
    text = "é" * 3_000_000  # two bytes each: spans several 1 MiB blocks, split mid-character
    stream = _stream(text.encode())
    assert stream.read(5) == "é" * 5
    assert len(stream.read(2_999_990)) == 2_999_990
    assert stream.read(100) == "é" * 5
    assert stream.read(10) == ""
    assert stream.bytes_read == 6_000_000


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"plain text\n", False),
        (b"", False),
        (b"PNG\x00\x01\x02", True),
        (b"a" * (SNIFF_BYTES - 1) + b"\x00", True),
        (b"a" * SNIFF_BYTES + b"\x00", False),  # git looks at the first 8 KB only
        (codecs.BOM_UTF16_LE + "text".encode("utf-16-le"), False),
    ],
)
def test_a_nul_byte_in_the_first_8_kib_marks_a_binary_input(data: bytes, binary: bool) -> None:
    assert _stream(data).binary is binary


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"caf\xc3\xa9", "café"),
        (b"bad \xff\xfe byte", "bad \ufffd\ufffd byte"),
        (codecs.BOM_UTF8 + b"bom", "bom"),
        (codecs.BOM_UTF16_LE + "wide é".encode("utf-16-le"), "wide é"),
        (codecs.BOM_UTF16_BE + "big".encode("utf-16-be"), "big"),
        (b"crlf\r\nkept", "crlf\r\nkept"),
    ],
)
def test_inputs_decode_as_utf8_with_replacement_or_by_their_byte_order_mark(
    data: bytes, text: str
) -> None:
    assert _stream(data).read(1000) == text


def test_invalid_chunk_sizes_are_rejected() -> None:
    with pytest.raises(ValueError, match="chunk_chars"):
        list(windows(_stream(b"abc"), 0, 4))
