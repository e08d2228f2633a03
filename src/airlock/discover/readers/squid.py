"""Squid's native access.log format.

`time elapsed client code/status bytes method URL user hierarchy/peer type`, optionally with
the request size (`%>st`) appended, which is how uploads become visible (docs/discover.md).
Squid pads `elapsed` with spaces, so fields are split on spaces with empty pieces dropped.
"""

# SQL here is assembled from constants, catalog-free field names and literal()-quoted paths.
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb

from airlock.discover.readers.base import LogFile, ReadContext, Reader, first_lines, register
from airlock.discover.readers.sql import epoch_ok, epoch_ts, mask, read_lines, staged, url_host

SNIFF_LINES = 5
SNIFF = re.compile(r"^[0-9]{9,11}\.[0-9]{3}\s+-?[0-9]+\s+\S+\s+[A-Z_]+/[0-9]{3}\s+[0-9]+\s")


def user_name(expr: str) -> str:
    """SQL for the user field: NULL for '-', URL-decoded (Squid URL-encodes it), lower-case."""
    # Only names with '%' pay for decoding; an invalid escape keeps the name as logged.
    return (
        f"CASE WHEN {expr} = '-' THEN NULL WHEN contains({expr}, '%') "
        f"THEN lower(coalesce(try(url_decode({expr})), {expr})) ELSE lower({expr}) END"
    )


@register
class SquidReader(Reader):
    name = "squid"
    description = "Squid native access.log (optionally with %>st appended for upload sizes)"

    def sniff(self, head: bytes) -> bool:
        # Any of the first lines: a log that starts with one damaged line is still Squid.
        return any(SNIFF.match(line) for line in first_lines(head, SNIFF_LINES))

    def relation(self, ctx: ReadContext, files: Sequence[LogFile]) -> duckdb.DuckDBPyRelation:
        # Splitting on spaces and dropping the empty pieces is ~6x faster than one regex with
        # eight groups, and absorbs Squid's padding. A line is valid when its 10 or 11 fields
        # have the expected types; otherwise every cast gives NULL and `bad` keeps a mask.
        split = (
            "SELECT file, line, list_filter(string_split(line, ' '), lambda x: x <> '') AS f "
            f"FROM ({read_lines(ctx, files)})"
        )
        # DuckDB inlines subquery columns into each expression that uses them, so `ok` is
        # referenced once: fields of a bad line may hold junk, and `events` drops bad lines.
        ok = (
            f"len(f) IN (10, 11) AND {epoch_ok('f[1]')} "
            "AND TRY_CAST(split_part(f[4], '/', 2) AS INTEGER) IS NOT NULL "
            "AND TRY_CAST(f[5] AS BIGINT) IS NOT NULL "
            "AND (len(f) = 10 OR TRY_CAST(f[11] AS BIGINT) IS NOT NULL)"
        )
        select = f"""
            SELECT
              {epoch_ts("f[1]")} AS ts,
              f[3] AS src_ip,
              {user_name("f[8]")} AS "user",
              {url_host("f[7]")} AS host,
              f[6] AS method,
              TRY_CAST(split_part(f[4], '/', 2) AS INTEGER) AS status,
              TRY_CAST(f[11] AS BIGINT) AS bytes_out,
              TRY_CAST(f[5] AS BIGINT) AS bytes_in,
              '{self.name}' AS source_format,
              file,
              CASE WHEN NOT ({ok}) THEN {mask("line")} END AS bad
            FROM ({split})
        """
        return staged(ctx.con, select)
