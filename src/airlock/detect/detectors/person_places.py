"""Names that are part of a street address: "rue Simone Boutin", "5370 Julia Trace".

Streets are often named after people, and an address in a signature or a form puts a
house number or a street type right before the name. A pair of known names there is
the street, not the person.
"""

from __future__ import annotations

import re

from airlock.detect.detectors.person_names import Lexicon, fold
from airlock.detect.detectors.person_words import (
    PARTICLES,
    STREET_SUFFIXES,
    STREET_TYPES,
    STREET_TYPES_CAPITALIZED,
)

_UNIT_AFTER = re.compile(r" (?:Suite|Apt\.?|Unit|Puerta|Piso|Floor) ")
_HOUSE_NUMBER = re.compile(r"\d{1,6}[A-Za-z]?")
_LINKS = frozenset(["de", "del", "des", "du", "da", "do", "dos", "das", "di", "della", "la"])
_LINKS |= frozenset(["las", "los", "d'"])


def in_address(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """True when the name at `start:end` is a street in an address."""
    if text.count(" ", start, end) >= 2:
        parts = text[start:end].split(" ")
        if parts[1] in PARTICLES and _street_type(parts[0]):
            return True  # "Ronda de Nacho", "Alameda de Miguel"
    if start < 2 or text[start - 1] != " ":
        return False  # nothing before the name, or not a word and a space
    # The word before, as `_word_before` reads it when it is no linking word.
    before = text[text.rfind(" ", max(0, start - 24), start - 1) + 1 : start - 1]
    if before in _LINKS or "\n" in before:
        before = _word_before(text, start)
    if not before:
        return False
    if before[0].isdigit():
        if not _HOUSE_NUMBER.fullmatch(before.rstrip(",")):
            return False
        name = text[start:end]
        last = name[name.rfind(" ") + 1 :]
        return fold(last) in STREET_SUFFIXES or _UNIT_AFTER.match(text, end) is not None
    return _street_type(before.rstrip("."))


def _word_before(text: str, start: int) -> str:
    """The word before `start` on its line, past linking words ("Plaza de la")."""
    for _ in range(3):
        if start < 2 or text[start - 1] != " ":
            return ""
        space = text.rfind(" ", max(0, start - 24), start - 1)
        word = text[space + 1 : start - 1]
        newline = word.rfind("\n")
        if newline >= 0:
            return word[newline + 1 :]
        if word not in _LINKS:
            return word
        start = space + 1
    return ""


def _street_type(word: str) -> bool:
    if word in STREET_TYPES_CAPITALIZED:
        return True
    key = word.lower() if word.isascii() else fold(word)
    return key in STREET_TYPES
