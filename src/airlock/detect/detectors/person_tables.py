"""Names in the name columns of tables: CSV, TSV, Markdown tables and SQL inserts.

A header cell such as `first_name`, `Last Name` or `Customer Name` is the cue; every
row below it (until a blank line or a row with another number of cells) is read, and
each cell of a name column that holds a name alone is reported. An SQL
`INSERT INTO t (name, email, ...) VALUES (...), (...)` is read the same way, its column
list as the header. Columns of personal data next to a name column (`email`, `phone`,
`dob`) make it surer that the names are people's.
"""

from __future__ import annotations

import re

from airlock.detect.detector import Hit
from airlock.detect.detectors.person_cues import (
    MEDIUM,
    STRONG,
    Found,
    key_strength,
    name_after,
    scored,
)
from airlock.detect.detectors.person_names import Lexicon
from airlock.detect.detectors.person_words import words

_NOT_LETTERS = re.compile(r"[^a-z]+")
_HEADER_CELL = re.compile(r"[A-Za-z][A-Za-z0-9 _\-.#/]{0,39}")
# Columns that hold personal data: next to them, a `name` column holds people's names.
_PERSONAL_COLUMNS = words(
    """email emailaddress mail phone phonenumber mobile tel telephone dob dateofbirth
    birthdate birthday ssn nino nhs nhsnumber sin address street gender salary passport
    employeeid"""
)
_MAX_LINE = 2048
_MAX_CELL = 48  # characters before `name` in a header cell, with blanks and quotes
# A cell of a line with quotes: a quoted field ("" escapes a quote) or a bare one.
_FIELDS = {d: re.compile(r'[ \t]*"(?:[^"]|"")*"[ \t]*|[^"' + re.escape(d) + r"]*") for d in ",;\t|"}


class CsvState:
    """Tables already read in this text: every name column hits the same header."""

    __slots__ = ("done", "seen")

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.done = 0  # end of the last table read: its rows are not headers


def column_strength(cell: str) -> int | None:
    """How surely a column holds person names, from its header cell (None: it does not)."""
    if not _HEADER_CELL.fullmatch(cell):
        return None
    norm = _norm(cell)
    if norm in ("first", "last", "forename", "forenames", "surnames"):
        return STRONG
    if not norm.endswith("name"):
        return None
    if norm == "name" and cell[0] == "N":
        return MEDIUM  # a "Name" column, as in a spreadsheet export
    return key_strength(norm[:-4])


def _norm(cell: str) -> str:
    return _NOT_LETTERS.sub("", cell.lower())


def name_columns(cells: list[str]) -> dict[int, int]:
    """The strength of each name column among header `cells`, by index."""
    columns: dict[int, int] = {}
    personal = False
    for index, raw in enumerate(cells):
        cell = raw.strip(" \t\r\n\"'`[]")
        strength = column_strength(cell)
        if strength is not None:
            columns[index] = strength
        elif not personal and _norm(cell) in _PERSONAL_COLUMNS:
            personal = True
    if personal:  # WEAK -> MEDIUM -> STRONG
        columns = {index: max(STRONG, strength - 1) for index, strength in columns.items()}
    return columns


def _split(line: str, delim: str) -> list[tuple[int, int]]:
    if '"' not in line:
        cells, pos = [], 0
        for part in line.split(delim):
            cells.append((pos, pos + len(part)))
            pos += len(part) + 1
        return cells
    field = _FIELDS[delim]
    cells, pos = [], 0
    while True:
        m = field.match(line, pos)
        if m is None:
            return []
        cells.append(m.span())
        pos = m.end()
        if pos < len(line) and line[pos] == delim:
            pos += 1
            continue
        return cells if pos == len(line) else []


def _line_at(text: str, pos: int) -> tuple[int, int] | None:
    start = text.rfind("\n", max(0, pos - _MAX_LINE), pos) + 1
    if start == 0 and pos > _MAX_LINE:
        return None
    end = text.find("\n", pos, pos + _MAX_LINE)
    if end < 0:
        if len(text) - pos > _MAX_LINE:
            return None
        end = len(text)
    return start, end


def csv_columns(text: str, hit: Hit, lex: Lexicon, state: CsvState) -> list[Found]:
    """Names in the name columns of a CSV / TSV / Markdown table under its header."""
    if hit.start < state.done or not _name_cell(text, hit.start):
        return []  # another hit on this line may still be a name column
    bounds = _line_at(text, hit.start)
    if bounds is None or bounds[0] in state.seen:
        return []
    state.seen.add(bounds[0])
    header = text[bounds[0] : bounds[1]].rstrip("\r")
    if _code_line(header, hit.start - bounds[0]):
        return []
    delim = max(",;\t|", key=header.count)
    if header.count(delim) == 0:
        return []
    cells = _split(header, delim)
    columns = name_columns([header[s:e] for s, e in cells])
    if not columns:
        return []
    found: list[Found] = []
    pos = bounds[1] + 1
    n = len(text)
    while pos < n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        line = text[pos:end].rstrip("\r")
        if not line.strip():
            break
        if delim == "|" and not line.strip(" |-:\t"):
            pos = end + 1
            continue
        row = _split(line, delim)
        if len(row) != len(cells):
            break
        for index, strength in columns.items():
            s, e = row[index]
            cell = cell_name(text, pos + s, pos + e, strength, lex)
            if cell is not None:
                found.append(cell)
        pos = end + 1
    state.done = pos
    return found


def _code_line(line: str, at: int) -> bool:
    """A line of code, no table header: `def f(self, name, value):`, `x = (name, y)`.

    The hit inside an open parenthesis (a header cell "Amount (USD)" closes it), or an
    assignment: header cells hold neither.
    """
    if "=" in line:
        return True
    opened = line.rfind("(", 0, at)
    return opened >= 0 and line.find(")", opened, at) < 0


def _name_cell(text: str, at: int) -> bool:
    """Whether the cell of the hit at `at` can be a name column header.

    Most hits are prose or code ("for name, value in", "className,", "return name"):
    the cell alone rejects them, before the line is read and split.
    """
    low = max(0, at - _MAX_CELL)
    begin = max(
        text.rfind(",", low, at),
        text.rfind(";", low, at),
        text.rfind("\t", low, at),
        text.rfind("|", low, at),
        text.rfind("\n", low, at),
    )
    if begin < 0 and low > 0:
        return False  # longer than any header cell
    return column_strength(text[begin + 1 : at + 4].strip(" \t\r\n\"'`[]")) is not None


def cell_name(text: str, start: int, end: int, strength: int, lex: Lexicon) -> Found | None:
    while start < end and text[start] in " \t\"'":
        start += 1
    while end > start and text[end - 1] in " \t\"'\r":
        end -= 1
    if end - start < 2:
        return None
    span = name_after(text, start, lex, structured=True, title_ok=True)
    if span is None or span.end != end:
        return None
    return scored(span, strength, text)
