"""SQL fragments readers share: reading files as lines, masking, typed casts."""

# SQL here is assembled from constants, catalog-free field names and literal()-quoted paths.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from airlock.discover.readers.base import STAGED_COLUMNS, LogFile, ReadContext

# DuckDB refuses longer lines as errors; they land in the rejects table and count as malformed.
MAX_LINE_BYTES = 1 << 20


def literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _file_list(files: Sequence[LogFile]) -> str:
    return "[" + ", ".join(literal(str(f.path)) for f in files) + "]"


def read_lines(ctx: ReadContext, files: Sequence[LogFile]) -> str:
    """SQL for `(line VARCHAR, file VARCHAR)`: every line of `files`, blank lines dropped.

    Each line is one VARCHAR column (no delimiter, quote or escape), so padded or quoted
    fields cannot shift columns; undecodable or overlong lines go to a rejects table.
    """
    parts = []
    for gz in (False, True):
        group = [f for f in files if f.gzip == gz]
        if not group:
            continue
        errors, scans = ctx.new_rejects()
        parts.append(
            "SELECT line, filename AS file FROM read_csv("
            f"{_file_list(group)}, columns={{'line': 'VARCHAR'}}, delim='\\x01', quote='', "
            "escape='', header=false, auto_detect=false, filename=true, "
            f"compression={literal('gzip' if gz else 'none')}, "
            f"max_line_size={MAX_LINE_BYTES}, ignore_errors=true, store_rejects=true, "
            f"rejects_table={literal(errors)}, rejects_scan={literal(scans)})"
        )
    union = " UNION ALL ".join(parts)
    return f"SELECT line, file FROM ({union}) WHERE line IS NOT NULL AND trim(line) <> ''"


def mask(expr: str) -> str:
    """SQL masking a raw line for display: digits become 9, letters x, first 160 chars only."""
    return (
        f"regexp_replace(regexp_replace(left({expr}, 160), '[0-9]', '9', 'g'), "
        "'[A-Za-z]|[^\\x00-\\x7F]', 'x', 'g')"
    )


def nullif_unset(expr: str, *unset: str) -> str:
    """`expr`, NULL when empty or one of the `unset` markers (Zeek `-`, `(empty)`)."""
    values = ", ".join(literal(u) for u in ("", *unset))
    return f"CASE WHEN {expr} IN ({values}) THEN NULL ELSE {expr} END"


# Epoch times accepted: 1970 to the end of year 9999. Anything else (inf, nan, 1e30) would
# make the cast to microseconds fail and abort the whole file, so it becomes NULL instead.
MAX_EPOCH_SECONDS = 253_402_300_800


def epoch_ok(expr: str, micros_per_unit: int = 1_000_000) -> str:
    """SQL: whether `expr` is epoch text (seconds, or the unit given) in the supported range."""
    value = f"TRY_CAST({expr} AS DOUBLE)"
    limit = MAX_EPOCH_SECONDS * (1_000_000 // micros_per_unit)
    return f"({value} >= 0 AND {value} < {limit})"


def epoch_ts(expr: str, micros_per_unit: int = 1_000_000) -> str:
    """SQL for a TIMESTAMP from epoch seconds text (or milliseconds: 1000), NULL when invalid.

    Fractions are kept to the microsecond; out-of-range values give NULL, never an error.
    """
    micros = f"CAST(round(TRY_CAST({expr} AS DOUBLE) * {micros_per_unit}) AS BIGINT)"
    return f"CASE WHEN {epoch_ok(expr, micros_per_unit)} THEN make_timestamp({micros}) END"


def any_ts(expr: str) -> str:
    """SQL for a TIMESTAMP from epoch seconds or ISO-8601 text (UTC session time zone)."""
    return (
        f"CASE WHEN regexp_full_match({expr}, '[0-9]+(\\.[0-9]+)?') THEN {epoch_ts(expr)} "
        f"ELSE CAST(TRY_CAST({expr} AS TIMESTAMPTZ) AS TIMESTAMP) END"
    )


def host_of(expr: str) -> str:
    """SQL normalizing a host name: lower-case, no trailing dot (NULL when empty)."""
    return f"nullif(rtrim(lower({expr}), '.'), '')"


def url_host(expr: str) -> str:
    """SQL for the host of a URL or `host:port` (CONNECT): no scheme, user info, port or path.

    String functions rather than a regex: they are several times faster on DuckDB.
    """
    rest = f"CASE WHEN contains({expr}, '://') THEN split_part({expr}, '://', 2) ELSE {expr} END"
    path = f"split_part(split_part({rest}, '/', 1), '?', 1)"
    authority = (
        f"CASE WHEN contains({path}, '@') THEN string_split({path}, '@')[-1] ELSE {path} END"
    )
    host = (
        f"CASE WHEN starts_with({authority}, '[') "
        f"THEN split_part(substr({authority}, 2), ']', 1) "
        f"ELSE split_part({authority}, ':', 1) END"
    )
    return f"nullif(rtrim(lower({host}), '.'), '')"


def empty() -> str:
    """SQL for no rows (a reader given no file it can read)."""
    columns = ", ".join(f'NULL AS "{name}"' for name in STAGED_COLUMNS)
    return f"SELECT {columns} WHERE false"


def staged(con: duckdb.DuckDBPyConnection, select: str) -> duckdb.DuckDBPyRelation:
    """A relation over `select`, cast to exactly `STAGED_COLUMNS` in order."""
    if not select.strip():
        select = empty()
    casts = ", ".join(
        f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in STAGED_COLUMNS.items()
    )
    return con.sql(f"SELECT {casts} FROM ({select})")
