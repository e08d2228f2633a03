"""Names in SQL inserts: `INSERT INTO t (name, email) VALUES ('Ana Ruiz', 'a@x.es'), (...)`.

The column list is the header (`person_tables.name_columns`); each row's quoted value
in a name column is read as a table cell. Rows are read one value at a time with
bounded patterns, up to `MAX_ROWS` rows within `MAX_SPAN` characters.
"""

from __future__ import annotations

import re

from airlock.detect.detector import Hit
from airlock.detect.detectors.person_cues import Found
from airlock.detect.detectors.person_names import Lexicon
from airlock.detect.detectors.person_tables import cell_name, name_columns

TRIGGER = r"\bvalues[ \t\r\n]{0,8}\("
MAX_ROWS = 1000
MAX_SPAN = 65_536
HEAD_WINDOW = 1200  # how far before VALUES the statement's head may start
# The statement's head: INSERT INTO <table> (<columns>), then VALUES.
_HEAD = re.compile(
    r"insert[ \t\r\n]+(?:ignore[ \t\r\n]+)?into[ \t\r\n]+[\w.\"`\[\]]{1,128}[ \t\r\n]*"
    r"\(([^()]{1,1000})\)[ \t\r\n]*$",
    re.I,
)
# One value: a quoted string ('' or \' escapes a quote; MySQL also takes "...") or a
# bare literal.
_VALUE = re.compile(
    r"[ \t\r\n]*(?:'((?:[^'\\]|''|\\.){0,256})'"
    r'|"((?:[^"\\]|""|\\.){0,256})"'
    r"|[^,()'\"\r\n]{0,64})[ \t\r\n]*"
)
_NEXT_ROW = re.compile(r"[ \t\r\n]*,[ \t\r\n]*\(")


def sql_values(text: str, hit: Hit, lex: Lexicon) -> tuple[list[Found], int]:
    """Names in the name columns of the rows of one `INSERT ... VALUES`, and where the
    rows read end (a `VALUES` inside them is not another statement)."""
    floor = max(0, hit.start - HEAD_WINDOW)
    before = text[floor : hit.start]
    lowered = before.lower()
    if len(lowered) != len(before):  # a character whose lower case is longer ("İ")
        head = _HEAD.search(text, floor, hit.start)
    else:
        insert = lowered.rfind("insert")
        head = None if insert < 0 else _HEAD.match(text, floor + insert, hit.start)
    if head is None:
        return [], hit.end
    columns = name_columns(head.group(1).split(","))
    if not columns:
        return [], hit.end
    width = head.group(1).count(",") + 1
    found: list[Found] = []
    pos = hit.end  # just past the row's "("
    limit = min(len(text), hit.start + MAX_SPAN)
    for _ in range(MAX_ROWS):
        row: list[tuple[int, int]] = []
        while True:
            m = _VALUE.match(text, pos, limit)
            if m is None:
                return found, pos
            row.append(m.span(1) if m.start(1) >= 0 else m.span(2))
            pos = m.end()
            if not text.startswith(",", pos):
                break
            pos += 1
        if not text.startswith(")", pos) or len(row) != width:
            return found, pos  # not a row of this statement: stop reading
        for index, strength in columns.items():
            start, end = row[index]
            if start >= 0:
                cell = cell_name(text, start, end, strength, lex)
                if cell is not None:
                    found.append(cell)
        m = _NEXT_ROW.match(text, pos + 1, limit)
        if m is None:
            return found, pos
        pos = m.end()
    return found, pos
