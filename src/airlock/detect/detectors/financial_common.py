"""Helpers shared by the financial detectors: word-bounded context cues and token edges."""

from __future__ import annotations

import re

from airlock.detect.document import Document


def cue_pattern(*words: str) -> re.Pattern[str]:
    """A regex finding any of `words` (lower-case) at a word start.

    Short words must also end at a word boundary: `has_context` is a plain substring
    test, and "cc" or "aba" would otherwise be found inside "account" or "abandon".
    """
    parts = []
    for word in sorted(words, key=len, reverse=True):
        part = re.escape(word).replace(r"\ ", r"[\s_-]{0,3}")
        if len(word) <= 4 and word[-1].isalnum():
            part += r"\b"
        parts.append(part)
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


def near(doc: Document, start: int, end: int, cues: re.Pattern[str], width: int = 48) -> bool:
    """True when a cue appears within `width` characters on either side of the span.

    Only the window is lower-cased: `doc.lower` would copy the whole text for one check.
    """
    text = doc.text
    window = f"{text[max(0, start - width) : start]} {text[end : end + width]}"
    return cues.search(window.lower()) is not None


def before(doc: Document, start: int, cues: re.Pattern[str], width: int = 40) -> bool:
    """True when a cue appears within `width` characters before `start`."""
    return cues.search(doc.text[max(0, start - width) : start].lower()) is not None


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
