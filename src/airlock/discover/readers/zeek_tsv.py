"""Zeek's tab-separated logs (`dns.log`, `http.log`, `ssl.log`) with `#fields` headers."""

# SQL here is assembled from constants, catalog-free field names and literal()-quoted paths.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import duckdb

from airlock.discover.readers.base import LogFile, ReadContext, Reader, register
from airlock.discover.readers.sql import (
    epoch_ts,
    host_of,
    literal,
    mask,
    nullif_unset,
    read_lines,
    staged,
)
from airlock.discover.readers.zeek_common import FIELDS, mapping

UNSET = ("-", "(empty)")


def parse_header(head: bytes) -> tuple[str, tuple[str, ...]] | None:
    """(log path, field names) from a Zeek TSV header, or None."""
    path: str | None = None
    fields: tuple[str, ...] = ()
    for raw in head.split(b"\n"):
        if not raw.startswith(b"#"):
            break
        parts = raw.rstrip(b"\r").decode("utf-8", "replace").split("\t")
        if parts[0] == "#path" and len(parts) > 1:
            path = parts[1]
        elif parts[0] == "#fields":
            fields = tuple(parts[1:])
    if path in FIELDS and fields and "ts" in fields:
        return path, fields
    return None


@register
class ZeekTsvReader(Reader):
    name = "zeek-tsv"
    description = "Zeek dns.log, http.log, ssl.log (tab-separated with #fields header)"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"#separator \\x09") and parse_header(head) is not None

    def relation(self, ctx: ReadContext, files: Sequence[LogFile]) -> duckdb.DuckDBPyRelation:
        groups: dict[tuple[str, tuple[str, ...]], list[LogFile]] = defaultdict(list)
        for log in files:
            header = parse_header(log.head)
            if header is not None:
                groups[header].append(log)
        selects = [
            self._select(ctx, kind, fields, group) for (kind, fields), group in groups.items()
        ]
        return staged(ctx.con, " UNION ALL ".join(selects))

    def _select(
        self, ctx: ReadContext, kind: str, fields: tuple[str, ...], files: Sequence[LogFile]
    ) -> str:
        def field(name: str) -> str:
            source = mapping(kind).get(name)
            if source is None:
                return "NULL"
            if source.startswith("'"):
                return source
            if source not in fields:
                return "NULL"
            return nullif_unset(f"f[{fields.index(source) + 1}]", *UNSET)

        ok = f"len(f) = {len(fields)} AND ts IS NOT NULL"
        lines = (
            f"SELECT line, file FROM ({read_lines(ctx, files)}) WHERE NOT starts_with(line, '#')"
        )
        split = f"SELECT line, file, string_split(line, '\t') AS f FROM ({lines})"
        parsed = f"SELECT *, {epoch_ts(field('ts'))} AS ts FROM ({split})"
        return f"""
            SELECT
              CASE WHEN {ok} THEN ts END AS ts,
              CASE WHEN {ok} THEN {field("src_ip")} END AS src_ip,
              CASE WHEN {ok} THEN lower({field("user")}) END AS "user",
              CASE WHEN {ok} THEN {host_of(field("host"))} END AS host,
              CASE WHEN {ok} THEN {field("method")} END AS method,
              CASE WHEN {ok} THEN TRY_CAST({field("status")} AS INTEGER) END AS status,
              CASE WHEN {ok} THEN TRY_CAST({field("bytes_out")} AS BIGINT) END AS bytes_out,
              CASE WHEN {ok} THEN TRY_CAST({field("bytes_in")} AS BIGINT) END AS bytes_in,
              {literal(f"zeek-{kind}")} AS source_format,
              file,
              CASE WHEN NOT ({ok}) THEN {mask("line")} END AS bad
            FROM ({parsed})
        """
