"""Calendar dates in free text: numeric (ISO, D/M/Y, M/D/Y) and with month names.

Shared by detectors that report a date only in a given context (a date of birth).
Patterns run on short windows only, so their cost stays bounded per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

# English, French, German and Spanish month names and the usual abbreviations.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "januar", "jänner", "enero", "ene"),
    2: ("february", "feb", "février", "fevrier", "févr", "fevr", "februar", "febrero"),
    3: ("march", "mar", "mars", "märz", "maerz", "marzo"),
    4: ("april", "apr", "avril", "avr", "abril", "abr"),
    5: ("may", "mai", "mayo"),
    6: ("june", "jun", "juin", "juni", "junio"),
    7: ("july", "jul", "juillet", "juil", "juli", "julio"),
    8: ("august", "aug", "août", "aout", "agosto", "ago"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre"),
    10: ("october", "oct", "octobre", "oktober", "okt", "octubre"),
    11: ("november", "nov", "novembre", "noviembre"),
    12: ("december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic"),
}
MONTHS: dict[str, int] = {name: n for n, names in _MONTH_NAMES.items() for name in names}

_DATE = re.compile(
    r"""
    (?<![\w/.-])
    (?:
        (?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})
      | (?P<na>\d{1,2})(?P<nsep>[-/.])(?P<nb>\d{1,2})(?P=nsep)(?P<ny>\d{4}|\d{2})
      | (?P<dd>\d{1,2})(?:st|nd|rd|th|er)?\.?(?:[ -]|\ of\ )(?P<dm>[^\W\d_]{3,10})\.?
        (?:[ -]|,\ ?)(?P<dy>\d{4})
      | (?P<mm>[^\W\d_]{3,10})\.?\ (?P<md>\d{1,2})(?:st|nd|rd|th)?,?\ (?P<my>\d{4})
    )
    (?!\d|[-/.]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_TWO_DIGITS = re.compile(r"\d\d")


def _real(year: int, month: int, day: int, earliest: int, today: date) -> bool:
    if not earliest <= year <= today.year:
        return False
    try:
        return date(year, month, day) <= today
    except ValueError:
        return False


def _two_digit_year(yy: int, today: date) -> int:
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def _is_real(m: re.Match[str], earliest: int, today: date) -> bool:
    """True when the matched text is a real calendar date between `earliest` and today."""
    if m.group("iy"):
        return _real(int(m["iy"]), int(m["im"]), int(m["id"]), earliest, today)
    if m.group("na"):
        a, b, y = int(m["na"]), int(m["nb"]), int(m["ny"])
        if len(m["ny"]) == 2:
            y = _two_digit_year(y, today)
        # Day-first and month-first orders are both in use: either reading will do.
        return _real(y, a, b, earliest, today) or _real(y, b, a, earliest, today)
    if m.group("dd"):
        month = MONTHS.get(m["dm"].lower(), 0)
        return month > 0 and _real(int(m["dy"]), month, int(m["dd"]), earliest, today)
    month = MONTHS.get(m["mm"].lower(), 0)
    return month > 0 and _real(int(m["my"]), month, int(m["md"]), earliest, today)


def dates_in(
    text: str, start: int, end: int, *, earliest: int = 1900, today: date | None = None
) -> Iterator[tuple[int, int]]:
    """Spans of the real dates (from `earliest` up to today) starting in `text[start:end]`.

    A date may run a few characters past `end`; it is then still found whole.
    """
    today = today or date.today()
    start = max(0, start)
    base = max(0, start - 1)  # one character more, so the look-behind sees what precedes
    window = text[base : end + 24]
    limit = end - base
    if _TWO_DIGITS.search(window) is None:
        return  # every date form has a 4-digit year or two-digit numbers
    for m in _DATE.finditer(window, start - base):
        if m.start() >= limit:
            break
        if _is_real(m, earliest, today):
            yield base + m.start(), base + m.end()
