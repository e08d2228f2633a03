"""Later mentions of a name already found: "Ana Ruiz will lead ... you can reach Ana at".

A text that names a person in full usually goes on with the given name or the surname
alone, where no cue or pair finds it. Once a name is found with good evidence, its
words are looked up in the text (case-sensitive, whole words), and a name listed after
it ("went to Ana Ruiz and Luis;") is taken when it is a known given name. Only words that
are not also common words are repeated ("Will", "Grace", "Young" are not), so a repeated
word is as sure as the name it comes from.

Cost: a short text is searched whole for each word. In a long one (a file, a 64 KB
window) each word is searched within `RADIUS` characters of the names it comes from, and
the characters searched are capped at `BUDGET` times the text: a list of hundreds of
names (a CREDITS file) costs a few passes over the text, not one per name.
"""

from __future__ import annotations

import bisect
import re

from airlock.detect.detectors.person_cues import Found
from airlock.detect.detectors.person_names import Lexicon, fold
from airlock.detect.detectors.person_places import in_address
from airlock.detect.detectors.person_words import (
    COMPANY_WORDS,
    ORG_WORDS,
    PLACE_PREFIXES,
    STREET_SUFFIXES,
    words,
)

MIN_SCORE = 0.75  # evidence a found name needs for its words to be repeated
SCORE = 0.75
MAX_WORDS = 32  # distinct words looked up per text
RADIUS = 1500  # in a long text, how near its names a word is looked for
BUDGET = 1  # in a long text, characters searched at most, in multiples of its length
_SHORT = 4 * RADIUS
_MAX_CACHED = 100_000
_NOT_BEFORE = frozenset("@._-/\\#$%&+=")
_NOT_AFTER = frozenset("@_-/\\")
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+) $")
_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)")
_ORG_AFTER = ORG_WORDS | COMPANY_WORDS | STREET_SUFFIXES
_PLACE_WORDS = PLACE_PREFIXES | words("north south east west new upper lower old great little")
_LIST_STARTS = frozenset({", ", " a", " &", " o"})
_LISTED = re.compile(r"(?:,| and| &| or) ([A-Z][a-z]+)(?![\w'’\-]| [A-Z])")

Span = tuple[int, int]


def mentions(
    text: str, found: list[Found], lex: Lexicon, cache: dict[str, int] | None = None
) -> list[Found]:
    """Findings for the other mentions of the words of names in `found`.

    `cache` remembers which words may be repeated (the same names come up often).
    """
    known = {} if cache is None else cache
    keys: dict[str, list[Span]] = {}  # word -> where the strong names holding it are
    words_of: dict[str, tuple[str, ...]] = {}  # name as written -> its repeatable words
    out: list[Found] = []
    for start, end, score in found:
        if score < MIN_SCORE:
            continue
        if text[end : end + 2] in _LIST_STARTS:
            listed = _listed(text, end, lex)
            if listed is not None:
                out.append(listed)
                _add_keys(
                    text, (listed.start, listed.end), keys, lex, words_of=words_of, known=known
                )
        _add_keys(text, (start, end), keys, lex, words_of=words_of, known=known)
    if not keys:
        return out
    size = len(text)
    long = size > _SHORT
    spans: list[Found] = []
    starts: list[int] = []
    inside = "" if long else "\n".join([text[f.start : f.end] for f in found + out])
    budget = BUDGET * size
    for word in list(keys)[:MAX_WORDS]:
        for low, high in _near(keys[word], size) if long else [(0, size)]:
            if long:
                budget -= high - low
                if budget < 0:
                    return out
            elif text.count(word) <= inside.count(word):
                continue  # the usual case: every occurrence is in a name already found
            if not spans:
                spans, starts = _sorted_spans(found, out)
            pos = text.find(word, low, high)
            while pos >= 0:
                end = pos + len(word)
                if (
                    # Most occurrences are in a name found already: that test first.
                    not _covered(spans, starts, pos, end)
                    and _whole_word(text, pos, end)
                    and not _in_place_name(text, pos, end, lex)
                ):
                    out.append(Found(pos, end, SCORE))
                pos = text.find(word, end, high)
    return out


def _sorted_spans(found: list[Found], more: list[Found]) -> tuple[list[Found], list[int]]:
    spans = sorted(found + more)
    return spans, [f.start for f in spans]


def _near(spans: list[Span], size: int) -> list[Span]:
    """The ranges within `RADIUS` of `spans` (in text order), merged."""
    merged: list[Span] = []
    low = high = -1  # the range being merged
    for start, end in sorted(spans):
        if high >= 0 and start - RADIUS <= high:
            high = max(high, min(size, end + RADIUS))
            continue
        if high >= 0:
            merged.append((low, high))
        low, high = max(0, start - RADIUS), min(size, end + RADIUS)
    if high >= 0:
        merged.append((low, high))
    return merged


def _add_keys(
    text: str,
    span: Span,
    keys: dict[str, list[Span]],
    lex: Lexicon,
    *,
    words_of: dict[str, tuple[str, ...]],
    known: dict[str, int],
) -> None:
    """Note the words of the name at `span` that may be repeated alone, and where."""
    name = text[span[0] : span[1]]
    repeatable = words_of.get(name)  # a name found once is often found again
    if repeatable is None:
        repeatable = words_of[name] = _repeatable(name, known, lex)
    for word in repeatable:
        where = keys.get(word)
        if where is None:
            if len(keys) < MAX_WORDS:
                keys[word] = [span]
        elif where[-1] != span:
            where.append(span)


def _repeatable(name: str, known: dict[str, int], lex: Lexicon) -> tuple[str, ...]:
    """The words of `name` that may be repeated alone."""
    parts = name.split()
    bit = 1 if len(parts) > 1 else 2
    repeatable: list[str] = []
    for word in parts:
        # Bit 1: repeatable from a full name; bit 2: also from a name alone.
        flags = known.get(word)
        if flags is None:
            flags = _distinct(word, lex, full=True) | 2 * _distinct(word, lex, full=False)
            if len(known) < _MAX_CACHED:
                known[word] = flags
        if flags & bit:
            repeatable.append(word)
    return tuple(repeatable)


def _distinct(word: str, lex: Lexicon, *, full: bool) -> bool:
    """A name word that is not also an everyday word (those need a cue each time).

    A word the lexicon does not know counts when it comes from a full name (two words
    or more, found with good evidence): "Ansgar" and "Davids" of "To: Ansgar Davids".
    """
    if len(word) < 3 or not (word[0].isupper() and word[1:].islower()) or not word.isalpha():
        return False
    key = fold(word)
    if key in lex.not_names or key in lex.ambiguous_given or key in lex.veto:
        return False
    if key in lex.word_surnames and not lex.is_given(key):
        return False
    return full or lex.is_known(key)


def _in_place_name(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """ "South Jennifer", "Port Katherine" (towns), "avenue Lopez" (a street)."""
    m = _WORD_BEFORE.search(text, max(0, start - 12), start)
    if m is not None and m.group(1).lower() in _PLACE_WORDS:
        return True
    m = _WORD_AFTER.match(text, end, end + 24)
    if m is not None and m.group(1).lower() in _ORG_AFTER:
        return True  # "Garcia Park", "Cook County", "Maria Street"
    return in_address(text, start, end, lex)


def _listed(text: str, end: int, lex: Lexicon) -> Found | None:
    """A known given name listed right after a found name: "Ana Ruiz and Luis"."""
    m = _LISTED.match(text, end, end + 40)
    if m is not None and lex.is_strong_given(m.group(1).lower()):
        return Found(m.start(1), m.end(1), SCORE)
    return None


def _whole_word(text: str, start: int, end: int) -> bool:
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or before in _NOT_BEFORE:
            return False
    if end < len(text):
        after = text[end]
        if after.isalnum() or after in _NOT_AFTER:
            return False
    return True


def _covered(spans: list[Found], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start)
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end
