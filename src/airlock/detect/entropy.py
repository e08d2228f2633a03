"""Cheap randomness measures for candidate secrets (placeholders and words score low)."""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise

_LOG2 = math.log2


def shannon_entropy(value: str) -> float:
    """Shannon entropy of `value` in bits per character (0.0 for an empty string).

    Random base62 tokens score ~5, English words ~2.5-3.5, repeated characters 0.
    """
    n = len(value)
    if n == 0:
        return 0.0
    return -sum(c / n * _LOG2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of lower-case, upper-case, digit and other characters `value` uses."""
    lower = upper = digit = other = 0
    for ch in value:
        if ch.islower():
            lower = 1
        elif ch.isupper():
            upper = 1
        elif ch.isdigit():
            digit = 1
        else:
            other = 1
    return lower + upper + digit + other


def is_sequential(value: str) -> bool:
    """True for runs like `123456`, `abcdef` or `987654` (a step of +1 or -1 throughout)."""
    if len(value) < 3:
        return False
    step = ord(value[1]) - ord(value[0])
    if step not in (1, -1):
        return False
    return all(ord(b) - ord(a) == step for a, b in pairwise(value))
