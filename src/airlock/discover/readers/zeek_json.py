"""Zeek's JSON-lines logs (`dns`, `http`, `ssl`), one object per line.

`ts` may be epoch seconds or ISO-8601 (both Zeek settings occur); unset fields are absent.
"""

# SQL here is assembled from constants, catalog-free field names and literal()-quoted paths.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import duckdb
import orjson

from airlock.discover.readers.base import LogFile, ReadContext, Reader, first_line, register
from airlock.discover.readers.sql import any_ts, host_of, literal, mask, read_lines, staged
from airlock.discover.readers.zeek_common import kind_of_keys, mapping


def kind_of_head(head: bytes) -> str | None:
    """The Zeek log kind of the first JSON line in `head`, or None."""
    line = first_line(head)
    if not line.startswith("{"):
        return None
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict) or "ts" not in record or "id.orig_h" not in record:
        return None
    path = record.get("_path")
    return kind_of_keys(set(record), path if isinstance(path, str) else None)


@register
class ZeekJsonReader(Reader):
    name = "zeek-json"
    description = "Zeek dns, http, ssl logs as JSON lines"

    def sniff(self, head: bytes) -> bool:
        return kind_of_head(head) is not None

    def relation(self, ctx: ReadContext, files: Sequence[LogFile]) -> duckdb.DuckDBPyRelation:
        groups: dict[str, list[LogFile]] = defaultdict(list)
        for log in files:
            kind = kind_of_head(log.head)
            if kind is not None:
                groups[kind].append(log)
        selects = [self._select(ctx, kind, group) for kind, group in groups.items()]
        return staged(ctx.con, " UNION ALL ".join(selects))

    def _select(self, ctx: ReadContext, kind: str, files: Sequence[LogFile]) -> str:
        fields = mapping(kind)
        keys = [source for source in fields.values() if not source.startswith("'")]
        paths = "[" + ", ".join(literal(f'$."{key}"') for key in keys) + "]"

        def field(name: str) -> str:
            source = fields.get(name)
            if source is None:
                return "NULL"
            if source.startswith("'"):
                return source
            return f"j[{keys.index(source) + 1}]"

        parsed = (
            f"SELECT line, file, try(json_extract_string(line, {paths})) AS j "
            f"FROM ({read_lines(ctx, files)})"
        )
        timed = f"SELECT *, {any_ts(field('ts'))} AS ts FROM ({parsed})"
        ok = "ts IS NOT NULL"
        return f"""
            SELECT
              ts,
              {field("src_ip")} AS src_ip,
              lower({field("user")}) AS "user",
              {host_of(field("host"))} AS host,
              {field("method")} AS method,
              TRY_CAST({field("status")} AS INTEGER) AS status,
              TRY_CAST({field("bytes_out")} AS BIGINT) AS bytes_out,
              TRY_CAST({field("bytes_in")} AS BIGINT) AS bytes_in,
              {literal(f"zeek-{kind}")} AS source_format,
              file,
              CASE WHEN NOT ({ok}) THEN {mask("line")} END AS bad
            FROM ({timed})
        """
