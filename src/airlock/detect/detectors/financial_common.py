"""Helpers shared by the financial detectors: word-bounded context cues and token edges."""

from __future__ import annotations

import re

from airlock.detect.document import Document


def cue_pattern(*words: str, whole: bool = False) -> re.Pattern[str]:
    """A regex finding any of `words` (lower-case) at a word start.

    Short words (all words with `whole`) must also end at a word boundary: `has_context`
    is a plain substring test, and "cc" or "aba" would otherwise be found inside
    "account" or "abandon".
    """
    parts = []
    for word in sorted(words, key=len, reverse=True):
        part = re.escape(word).replace(r"\ ", r"[\s_-]{0,3}")
        if (whole or len(word) <= 4) and word[-1].isalnum():
            part += r"\b"
        parts.append(part)
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def cue_text(raw: str) -> str:
    """`raw` lower-cased, with identifiers split into words for the cues.

    Config keys and code name a value by an identifier ("merchant_bic", "swiftCode",
    "routing-number"): without the split, a word-start cue never matches inside one.
    """
    return _CAMEL.sub(" ", raw).replace("_", " ").lower()


_WORD_PART = re.compile(r"\w+")


def clip_before(text: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, without a piece of a word at the far edge.

    A window starting inside "ARABIC" would otherwise hold the cue "bic" at a word start.
    """
    lo = max(0, start - width)
    if lo > 0 and word_char(text, lo - 1):
        m = _WORD_PART.match(text, lo, start)
        lo = m.end() if m else lo
    return text[lo:start]


def clip_after(text: str, end: int, width: int) -> str:
    """Up to `width` characters after `end`, without a piece of a word at the far edge."""
    hi = min(len(text), end + width)
    if word_char(text, hi):
        while hi > end and word_char(text, hi - 1):
            hi -= 1
    return text[end:hi]


def cue_window(doc: Document, start: int, end: int, width: int = 48) -> str:
    """The `cue_text` of `width` characters on either side of the span.

    Only the window is lower-cased: `doc.lower` would copy the whole text for one check.
    """
    text = doc.text
    return cue_text(f"{clip_before(text, start, width)} {clip_after(text, end, width)}")


def near(doc: Document, start: int, end: int, cues: re.Pattern[str], width: int = 48) -> bool:
    """True when a cue appears within `width` characters on either side of the span."""
    return cues.search(cue_window(doc, start, end, width)) is not None


def before_text(doc: Document, start: int, width: int = 40) -> str:
    """The `cue_text` of `width` characters before `start`."""
    return cue_text(clip_before(doc.text, start, width))


def last_cue(window: str, cues: re.Pattern[str]) -> int:
    """The end of the last cue in a (cue_text) window, or -1: the closest one to a value after it."""
    end = -1
    for m in cues.finditer(window):
        end = m.end()
    return end


def word_char(text: str, i: int) -> bool:
    """True when `text[i]` exists and would glue a value to a neighbouring word."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def digit_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "0" <= text[i] <= "9"


def glued_number(text: str, start: int, end: int, joiners: str = ".") -> bool:
    """True when the digits in `text[start:end]` continue a longer token.

    A letter, digit or `_` touching either edge, a `+` before (a phone number), or a
    joiner between the span and another digit ("3.14159...") all mean the digits are
    part of something else. A comma is no joiner: thousands groups have 3 digits, and
    CSV rows put long numbers right after another field ("17,4111...").
    """
    if word_char(text, start - 1) or word_char(text, end):
        return True
    if start > 0 and text[start - 1] == "+":
        return True
    if start > 1 and text[start - 1] in joiners and digit_at(text, start - 2):
        return True
    return end + 1 < len(text) and text[end] in joiners and digit_at(text, end + 1)


def same_digit(digits: str) -> bool:
    return digits.count(digits[0]) == len(digits)
