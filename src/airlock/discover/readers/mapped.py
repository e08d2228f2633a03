"""Generic CSV/TSV/JSONL exports read through a column mapping (a YAML file).

Commercial secure web gateways, firewalls and DNS resolvers export logs with their own
columns; a mapping says which column holds each normalized field. Airlock ships mappings in
`airlock/discover/mappings/`; a company adds its own under `mappings:` in discover.yaml.
"""

# SQL here is assembled from constants, mapping column names quoted by ident()/literal().
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
from pydantic import BaseModel, ConfigDict, Field, field_validator

from airlock.config import load_yaml_model
from airlock.discover.readers.base import LogFile, ReadContext, Reader, first_line
from airlock.discover.readers.sql import (
    any_ts,
    epoch_ts,
    host_of,
    literal,
    mask,
    read_lines,
    staged,
    url_host,
)

FIELDS = ("ts", "src_ip", "user", "host", "url", "method", "status", "bytes_out", "bytes_in")


class Mapping(BaseModel):
    """The schema of a mapping file (docs/discover.md#column-mappings)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    description: str = ""
    format: Literal["csv", "tsv", "jsonl"]
    header: bool = True
    columns: list[str] = Field(default_factory=list)
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    # A regex on the first line that recognises this export; without it use --format.
    sniff: str | None = None
    # auto (epoch seconds or ISO-8601), epoch, epoch_ms, or a strptime format.
    ts_format: str = "auto"
    # The zone of times written without an offset (an IANA name); times with one keep it.
    timezone: str = "UTC"
    # Normalized field -> column name (JSON key for jsonl); "=text" is a constant.
    fields: dict[str, str]

    @field_validator("fields")
    @classmethod
    def _fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        if "ts" not in value or not ({"host", "url"} & set(value)):
            raise ValueError("map at least ts and one of host or url")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name: Europe/Berlin)"
            ) from None
        return value

    @field_validator("sniff")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regex: {exc}") from None
        return value


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class MappedReader(Reader):
    """A reader configured by a `Mapping`."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.name = mapping.name
        self.description = mapping.description or f"{mapping.format} export ({mapping.name})"
        self._sniff = re.compile(mapping.sniff) if mapping.sniff else None

    def sniff(self, head: bytes) -> bool:
        return self._sniff is not None and bool(self._sniff.search(first_line(head)))

    def relation(self, ctx: ReadContext, files: Sequence[LogFile]) -> duckdb.DuckDBPyRelation:
        # `source` yields (file, c: a struct of columns, raw: the line for masking).
        source = (
            self._jsonl(ctx, files) if self.mapping.format == "jsonl" else self._csv(ctx, files)
        )
        m = self.mapping

        def field(name: str) -> str:
            column = m.fields.get(name)
            if column is None:
                return "NULL"
            if column.startswith("="):
                return literal(column[1:])
            return f"nullif(trim(CAST(c[{literal(column)}] AS VARCHAR)), '')"

        host = host_of(field("host")) if "host" in m.fields else url_host(field("url"))
        select = f"""
            SELECT
              {self._ts(field("ts"))} AS ts,
              {field("src_ip")} AS src_ip,
              lower({field("user")}) AS "user",
              {host} AS host,
              upper({field("method")}) AS method,
              TRY_CAST({field("status")} AS INTEGER) AS status,
              TRY_CAST({field("bytes_out")} AS BIGINT) AS bytes_out,
              TRY_CAST({field("bytes_in")} AS BIGINT) AS bytes_in,
              {literal(self.name)} AS source_format,
              file,
              raw
            FROM ({source})
        """
        checked = f"SELECT *, CASE WHEN ts IS NULL THEN {mask('raw')} END AS bad FROM ({select})"
        return staged(ctx.con, checked)

    def _ts(self, expr: str) -> str:
        fmt, zone = self.mapping.ts_format, self.mapping.timezone
        local = zone.upper() != "UTC"
        if fmt == "epoch":
            return epoch_ts(expr)
        if fmt == "epoch_ms":
            return epoch_ts(expr, micros_per_unit=1000)
        if fmt == "auto":
            if not local:
                return any_ts(expr)
            # Epoch numbers and ISO times with an offset are absolute; the rest are local.
            absolute = (
                f"regexp_full_match({expr}, '[0-9]+(\\.[0-9]+)?') "
                f"OR regexp_matches({expr}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$')"
            )
            naive = f"TRY_CAST({expr} AS TIMESTAMP)"
            return f"CASE WHEN {absolute} THEN {any_ts(expr)} ELSE {self._local(naive)} END"
        parsed = f"try_strptime({expr}, {literal(fmt)})"
        return self._local(parsed) if local and "%z" not in fmt and "%Z" not in fmt else parsed

    def _local(self, naive: str) -> str:
        """SQL turning a naive TIMESTAMP in the mapping's zone into naive UTC."""
        return f"CAST(timezone({literal(self.mapping.timezone)}, {naive}) AS TIMESTAMP)"

    def _csv(self, ctx: ReadContext, files: Sequence[LogFile]) -> str:
        m = self.mapping
        delim = m.delimiter or ("\t" if m.format == "tsv" else ",")
        names = f", names=[{', '.join(literal(c) for c in m.columns)}]" if m.columns else ""
        # Headers may differ between files, so each is read on its own and unioned by name;
        # headerless files share the mapping's columns and are read together.
        batches = (
            [[f] for f in files]
            if m.header
            else [[f for f in files if f.gzip == gz] for gz in (False, True)]
        )
        parts = []
        for group in (b for b in batches if b):
            errors, scans = ctx.new_rejects()
            paths = "[" + ", ".join(literal(str(f.path)) for f in group) + "]"
            parts.append(
                f"SELECT * FROM read_csv({paths}, delim={literal(delim)}, quote='\"', "
                f"header={'true' if m.header else 'false'}{names}, all_varchar=true, "
                # strict_mode=false: exports that append columns in later versions still load.
                "filename=true, null_padding=false, strict_mode=false, "
                f"compression={literal('gzip' if group[0].gzip else 'none')}, "
                f"ignore_errors=true, store_rejects=true, rejects_table={literal(errors)}, "
                f"rejects_scan={literal(scans)})"
            )
        rows = " UNION ALL BY NAME ".join(parts)
        # A struct of every column lets fields be looked up by name whatever the header holds.
        source = (
            "SELECT filename AS file, c, concat_ws(',', *COLUMNS(* EXCLUDE (filename))) AS raw "
            f"FROM ({rows}) AS c"
        )
        return source

    def _jsonl(self, ctx: ReadContext, files: Sequence[LogFile]) -> str:
        keys = sorted({c for c in self.mapping.fields.values() if not c.startswith("=")})
        paths = "[" + ", ".join(literal(f'$."{key}"') for key in keys) + "]"
        pack = ", ".join(f"{ident(k)} := j[{i + 1}]" for i, k in enumerate(keys))
        source = (
            f"SELECT file, line AS raw, struct_pack({pack}) AS c FROM ("
            f"SELECT file, line, try(json_extract_string(line, {paths})) AS j "
            f"FROM ({read_lines(ctx, files)}))"
        )
        return source


SHIPPED_FOLDER = "airlock.discover.mappings"


def shipped_mappings() -> list[Path]:
    """The mapping files that ship with Airlock."""
    folder = resources.files(SHIPPED_FOLDER)
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def mapped_readers(extra: Sequence[Path] = ()) -> list[MappedReader]:
    """Readers for the shipped mappings plus `extra` files (a later name replaces an earlier)."""
    readers: dict[str, MappedReader] = {}
    for path in [*shipped_mappings(), *extra]:
        mapping = load_yaml_model(path, Mapping)
        readers[mapping.name] = MappedReader(mapping)
    return list(readers.values())
