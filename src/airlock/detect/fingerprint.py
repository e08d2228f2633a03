"""Fingerprints of a company's source code, to recognise copied fragments (winnowing).

The scheme (Schleimer, Wilkerson and Aiken, *Winnowing*, 2003) on tokens: comments are
blanked and the text lower-cased; tokens are runs of `[a-z0-9_$]` or single punctuation
characters (whitespace only separates them, so re-indented code still matches), each
hashed by summing a fixed table of 64-bit values indexed by (position, byte); every run
of `k` tokens (a k-gram) gets a polynomial hash of its token hashes, mixed (splitmix64)
and cut to 63 bits to fit a signed BIGINT; winnowing keeps the minimum of every window
of `w` k-grams. A fragment of `k + w - 1` tokens shared with a file shares at least one
fingerprint with it; one shorter than `k` tokens never does. It is all numpy arithmetic
on bytes: hashes are the same in every process and machine (`hash()` is never used).
A query looks up *all* its k-grams, so a copy's edges are found wherever windows fell.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from airlock.detect.codeshape import prose_after, prose_before

K = 12  # tokens per k-gram: the noise threshold (a line of code is 6-12 tokens)
WINDOW = 10  # k-grams per winnowing window: a shared run of K + WINDOW - 1 tokens is found

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
_Region = tuple[int, int, int, int, float]  # first and last k-gram, file, shared, similarity

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_POLY = np.uint64(0x100000001B3)  # odd, so multiplication permutes 64-bit values
_POSITIONS = 32  # characters past this position in a token share the last table row

_LINE_COMMENT = re.compile(rb"(?://|#)[^\n]*")
_MAX_COMMENT = 4096
_FAR = 1 << 62


def _mix(x: U64) -> U64:
    """splitmix64's finaliser, in place: spreads every input bit over the output."""
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def _table() -> U64:
    seeds = np.arange(1, _POSITIONS * 256 + 1, dtype=np.uint64) * _GOLDEN
    return _mix(seeds)


_TABLE = _table()
# Character classes after lower-casing: 0 separates tokens, 1 is part of a word, 2 is a
# token on its own. Non-ASCII characters arrive as `?` (one byte per character).
_CLASS = np.full(256, 2, dtype=np.uint8)
_CLASS[list(b" \t\n\r\x0b\x0c")] = 0
_CLASS[list(b"abcdefghijklmnopqrstuvwxyz0123456789_$")] = 1


class Fingerprint(NamedTuple):
    """A selected k-gram hash and the character offset where its first token starts."""

    hash: int
    offset: int


def normalized_bytes(text: str) -> npt.NDArray[np.uint8]:
    """One byte per character, lower-cased, comments blanked with spaces."""
    data = bytearray(text.encode("ascii", "replace").lower())
    pos = 0
    close_at = -1
    while (open_at := data.find(b"/*", pos)) >= 0:
        if close_at < open_at + 2:  # each `*/` is searched once: linear time
            close_at = data.find(b"*/", open_at + 2)
            if close_at < 0:
                break
        if close_at - open_at > _MAX_COMMENT:
            pos = open_at + 2  # a stray `/*` (a glob in prose) must not swallow code
            continue
        data[open_at : close_at + 2] = b" " * (close_at + 2 - open_at)
        pos = close_at + 2
    for m in _LINE_COMMENT.finditer(data):
        start, end = m.span()
        data[start:end] = b" " * (end - start)
    return np.frombuffer(bytes(data), dtype=np.uint8)


def tokens(text: str) -> tuple[U64, I64, I64]:
    """(token hashes, start offsets, end offsets) of the normalised text."""
    raw = normalized_bytes(text)
    cls = _CLASS[raw]
    word = cls == 1
    before = np.zeros_like(word)
    before[1:] = word[:-1]
    after = np.zeros_like(word)
    after[:-1] = word[1:]
    begins = (cls == 2) | (word & ~before)
    starts = np.flatnonzero(begins).astype(np.int64)
    ends = np.flatnonzero((cls == 2) | (word & ~after)).astype(np.int64) + 1
    if len(starts) == 0:
        return np.empty(0, dtype=np.uint64), starts, ends
    kept = np.flatnonzero(cls)
    token_of = np.cumsum(begins)[kept] - 1
    position = np.minimum(kept - starts[token_of], _POSITIONS - 1)
    values = _TABLE[(position << 8) | raw[kept]]
    return np.add.reduceat(values, np.flatnonzero(begins[kept])), starts, ends


def kgrams(text: str, k: int = K) -> tuple[U64, I64, I64]:
    """(hash, start, end) of every run of `k` tokens; offsets are characters of `text`."""
    token_hashes, starts, ends = tokens(text)
    count = len(token_hashes) - k + 1
    if count <= 0:
        return token_hashes[:0], starts[:0], ends[:0]
    acc = token_hashes[:count].copy()
    for j in range(1, k):
        acc *= _POLY
        acc += token_hashes[j : j + count]
    return _mix(acc) >> np.uint64(1), starts[:count], ends[k - 1 :]


def winnow(hashes: U64, window: int = WINDOW) -> I64:
    """Indexes of the k-grams winnowing selects: the rightmost minimum of each window."""
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if n <= window:
        return np.array([n - 1 - int(np.argmin(hashes[::-1]))], dtype=np.int64)
    views = np.lib.stride_tricks.sliding_window_view(hashes, window)[:, ::-1]
    rightmost: I64 = views.argmin(axis=1).astype(np.int64)
    chosen = np.arange(n - window + 1, dtype=np.int64) + (window - 1) - rightmost
    keep = np.ones(len(chosen), dtype=bool)
    keep[1:] = chosen[1:] != chosen[:-1]
    return chosen[keep]


def fingerprint_arrays(text: str, k: int = K, window: int = WINDOW) -> tuple[U64, I64]:
    """(hashes, character offsets) of the fingerprints winnowing selects in `text`."""
    hashes, starts, _ = kgrams(text, k)
    chosen = winnow(hashes, window)
    return hashes[chosen], starts[chosen]


def fingerprints_of(text: str, k: int = K, window: int = WINDOW) -> list[Fingerprint]:
    """The fingerprints of `text`, as the store persists them."""
    hashes, offsets = fingerprint_arrays(text, k, window)
    return [Fingerprint(h, o) for h, o in zip(hashes.tolist(), offsets.tolist(), strict=True)]


MIN_MATCHES = 4  # shared fingerprints a region needs: a common idiom shares one or two
MAX_FILE_FREQ = 10  # fingerprints in more files than this are boilerplate, never matched
GAP = 4 * WINDOW  # k-grams without a shared fingerprint that split two matched regions


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """A region of a queried text copied from an indexed file.

    `start`/`end` are character offsets in the queried text; `matches` counts the
    distinct fingerprints shared with the file; `similarity` is the share of the
    region's own winnowed fingerprints found in the file (1.0 for a verbatim copy).
    """

    start: int
    end: int
    file_id: str
    matches: int
    similarity: float

    @property
    def score(self) -> float:
        return round(0.6 + 0.38 * self.similarity, 3)


@dataclass(frozen=True, slots=True)
class _Lookup:
    """Fingerprints sorted by hash, one entry per (hash, file), boilerplate removed."""

    hashes: U64
    files: npt.NDArray[np.int32]
    file_ids: tuple[str, ...]


class FingerprintIndex:
    """The fingerprints of a set of files, and the search for fragments copied from them.

    `add` files (or load persisted `rows` with `from_rows`), then `match` texts.
    Matching is thread-safe; the lookup arrays are rebuilt lazily after a change.
    Memory is about 30 bytes per fingerprint.
    """

    def __init__(
        self,
        *,
        k: int = K,
        window: int = WINDOW,
        min_matches: int = MIN_MATCHES,
        max_file_freq: int = MAX_FILE_FREQ,
    ):
        if min(k, window, min_matches, max_file_freq) < 1:
            raise ValueError("fingerprint parameters must be positive")
        self.k = k
        self.window = window
        self.min_matches = min_matches
        self.max_file_freq = max_file_freq
        self._files: dict[str, tuple[U64, I64]] = {}
        self._count = 0
        self._lookup: _Lookup | None = None
        self._lock = threading.Lock()

    @property
    def scheme(self) -> str:
        """Names the hashing scheme: persisted rows are only valid for the same scheme."""
        return f"tokens-k{self.k}-w{self.window}-v1"

    @property
    def file_count(self) -> int:
        return len(self._files)

    @property
    def fingerprint_count(self) -> int:
        return self._count

    @property
    def file_ids(self) -> list[str]:
        return sorted(self._files)

    def __len__(self) -> int:
        return self._count

    def fingerprints_of(self, text: str) -> list[Fingerprint]:
        """The fingerprints this index would store for `text`."""
        return fingerprints_of(text, self.k, self.window)

    def add(self, file_id: str, text: str) -> int:
        """Index a file (replacing an earlier version); returns its fingerprint count."""
        hashes, offsets = fingerprint_arrays(text, self.k, self.window)
        self._put(file_id, hashes, offsets)
        return len(hashes)

    def remove(self, file_id: str) -> int:
        """Forget a file; returns the number of fingerprints removed."""
        with self._lock:
            old = self._files.pop(file_id, None)
            if old is None:
                return 0
            self._count -= len(old[0])
            self._lookup = None
            return len(old[0])

    def _put(self, file_id: str, hashes: U64, offsets: I64) -> None:
        with self._lock:
            old = self._files.get(file_id)
            self._count += len(hashes) - (len(old[0]) if old is not None else 0)
            self._files[file_id] = (hashes, offsets)
            self._lookup = None

    def rows(self) -> Iterator[tuple[int, str, int]]:
        """Every fingerprint as `(hash, file_id, offset)`, for the store to persist."""
        for file_id, (hashes, offsets) in list(self._files.items()):
            for hash_, offset in zip(hashes.tolist(), offsets.tolist(), strict=True):
                yield hash_, file_id, offset

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, int]], **params: int) -> FingerprintIndex:
        """An index of persisted rows `(hash, file_id, offset)` (see `rows`)."""
        by_file: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for hash_, file_id, offset in rows:
            by_file[file_id].append((hash_, offset))
        index = cls(**params)
        for file_id, pairs in by_file.items():
            hashes, offsets = zip(*pairs, strict=True)
            index._put(file_id, np.array(hashes, np.uint64), np.array(offsets, np.int64))
        return index

    def _current(self) -> _Lookup:
        lookup = self._lookup
        if lookup is None:
            with self._lock:
                lookup = self._lookup
                if lookup is None:
                    lookup = self._lookup = _build_lookup(self._files, self.max_file_freq)
        return lookup

    def match(self, text: str) -> list[CodeMatch]:
        """Regions of `text` copied from indexed files (the best file per region), by start."""
        if self._count == 0:
            return []
        lookup = self._current()
        hashes, starts, ends = kgrams(text, self.k)
        lo = np.searchsorted(lookup.hashes, hashes, side="left")
        counts = np.searchsorted(lookup.hashes, hashes, side="right") - lo
        hit = np.flatnonzero(counts)
        if len(hit) < self.min_matches:
            return []
        # One pair per (query k-gram, file entry), grouped by file then query position.
        n = counts[hit]
        query = np.repeat(hit, n)
        entry = np.repeat(lo[hit], n) + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        files = lookup.files[entry]
        order = np.lexsort((query, files))
        query, entry, files = query[order], entry[order], files[order]
        breaks = np.ones(len(query), dtype=bool)
        breaks[1:] = (files[1:] != files[:-1]) | (np.diff(query) > GAP)
        bounds = np.append(np.flatnonzero(breaks), len(query)).tolist()
        chosen = winnow(hashes, self.window)
        regions: list[_Region] = []
        for a, b in itertools.pairwise(bounds):
            shared = len(np.unique(entry[a:b])) if b - a >= self.min_matches else 0
            if shared < self.min_matches:
                continue
            first, last = int(query[a]), int(query[b - 1])
            inside = chosen[np.searchsorted(chosen, first) : np.searchsorted(chosen, last, "right")]
            similarity = float(np.isin(inside, query[a:b]).mean()) if len(inside) else 1.0
            regions.append((first, last, int(files[a]), shared, round(similarity, 3)))
        kept = _best_disjoint(regions, self.k)
        found: list[CodeMatch] = []
        for i, (first, last, file, shared, similarity) in enumerate(kept):
            # Widen each region by up to `window - 1` tokens a side, since the file's first
            # and last fingerprints may sit that far inside the copy; never past halfway
            # to a neighbour, a Markdown fence, or a blank line that borders a sentence.
            floor = (kept[i - 1][1] + self.k + first) // 2 if i else 0
            ceiling = (last + kept[i + 1][0] - self.k) // 2 if i + 1 < len(kept) else _FAR
            low = starts[max(first - self.window + 1, min(floor, first), 0)]
            high = ends[min(last + self.window - 1, max(ceiling, last), len(ends) - 1)]
            start = _widen(text, starts, int(low), int(starts[first]), int(ends[last]))
            end = _widen(text, ends, int(ends[last]), int(high), start)
            found.append(CodeMatch(start, end, lookup.file_ids[file], shared, similarity))
        return found


def _build_lookup(files: dict[str, tuple[U64, I64]], max_file_freq: int) -> _Lookup:
    file_ids = tuple(files)
    sizes = [len(files[f][0]) for f in file_ids]
    hashes = np.concatenate([files[f][0] for f in file_ids] or [np.empty(0, np.uint64)])
    owner = np.repeat(np.arange(len(file_ids), dtype=np.int32), sizes)
    order = np.lexsort((owner, hashes))
    hashes, owner = hashes[order], owner[order]
    first = np.ones(len(hashes), dtype=bool)  # one entry per (hash, file)
    first[1:] = (hashes[1:] != hashes[:-1]) | (owner[1:] != owner[:-1])
    hashes, owner = hashes[first], owner[first]
    runs = np.flatnonzero(np.append(True, hashes[1:] != hashes[:-1]))
    spread = np.diff(np.append(runs, len(hashes)))  # files sharing each hash
    keep = np.repeat(spread <= max_file_freq, spread)
    return _Lookup(hashes[keep], owner[keep], file_ids)


def _widen(text: str, offsets: I64, lo: int, hi: int, bound: int) -> int:
    """The widened start (`bound` after `hi`: the match's end) or end (`bound` before
    `lo`: the start), cut where the copy meets a Markdown fence or prose.

    Widening covers the copy's first (last) tokens that no stored fingerprint starts at;
    it stops at a fence (past its language tag), at a blank line next to a sentence, and
    at a line of prose such as the question above a paste.
    """
    if bound > hi:
        cut = prose_before(text, lo, hi, bound)
        # A fence is three one-character tokens: the edge token may be any of them.
        fence = text.rfind("```", max(0, lo - 2), hi)
        if fence >= 0:
            eol = text.find("\n", fence, hi)  # past an opening fence's language tag
            cut = max(cut, eol + 1 if eol >= 0 else fence + 3)
        return int(offsets[np.searchsorted(offsets, cut)]) if cut > lo else lo
    fence = text.find("```", lo, hi + 2)
    cut = min(fence if fence >= 0 else _FAR, prose_after(text, lo, hi, bound))
    return int(offsets[np.searchsorted(offsets, cut, side="right") - 1]) if cut < hi else hi


def _best_disjoint(regions: list[_Region], k: int) -> list[_Region]:
    """The strongest of overlapping regions (files may share code), sorted by position."""
    kept: list[_Region] = []
    for region in sorted(regions, key=lambda r: (-r[3], -r[4], r[0])):
        first, last = region[0], region[1]
        if all(last + k <= o[0] or first >= o[1] + k for o in kept):
            kept.append(region)
    return sorted(kept)
