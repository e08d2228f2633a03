"""Log readers for Spark: the same normalized events as the DuckDB readers, in Spark SQL.

Each reader turns a view of raw lines `(line, file)` into `STAGED_COLUMNS` rows, field for
field what its DuckDB twin in `readers/` does (the Spark tests check both give the same events
on the same logs); column-mapped exports are in `spark_mapped.py`. Everything after the
readers, the analysis itself, is one ibis definition (`analyze.py`) for both engines. Spark
SQL is used as written by Spark 3.5+ (`try_cast`, `get`, `split_part`) and 4.0
(`try_url_decode`); ANSI mode stays on: nothing here can fail on bad input, a bad field gives
NULL and the line is counted as malformed.
"""

# SQL here is assembled from constants and field names; paths never enter SQL text.
# ruff: noqa: S608

from __future__ import annotations

from airlock.discover.readers.sql import MAX_EPOCH_SECONDS
from airlock.discover.readers.zeek_common import mapping


def mask(expr: str) -> str:
    """Spark SQL masking a raw line (digits 9, letters x, 160 chars), as `readers.sql.mask`."""
    return (
        f"regexp_replace(regexp_replace(left({expr}, 160), '[0-9]', '9'), "
        r"'[A-Za-z]|[^\\x00-\\x7F]', 'x')"
    )


def epoch_ok(expr: str, micros_per_unit: int = 1_000_000) -> str:
    value = f"try_cast({expr} AS DOUBLE)"
    limit = MAX_EPOCH_SECONDS * (1_000_000 // micros_per_unit)
    return f"({value} >= 0 AND {value} < {limit})"


def epoch_ts(expr: str, micros_per_unit: int = 1_000_000) -> str:
    """A TIMESTAMP_NTZ (UTC) from epoch seconds text (or milliseconds: 1000), microseconds
    kept, NULL when invalid, as `readers.sql.epoch_ts`."""
    micros = f"CAST(round(try_cast({expr} AS DOUBLE) * {micros_per_unit}) AS BIGINT)"
    ok = epoch_ok(expr, micros_per_unit)
    return f"CASE WHEN {ok} THEN CAST(timestamp_micros({micros}) AS TIMESTAMP_NTZ) END"


def any_ts(expr: str, *, json: bool = True) -> str:
    """Epoch seconds or ISO-8601 text (UTC session time zone) as TIMESTAMP_NTZ. Spark gives
    a JSON number as text in its own notation (1700000000.25 -> 1.70000000025E9), so `json`
    text also takes that notation as epoch seconds."""
    number = r"^[0-9]+(\\.[0-9]+)?(E[0-9]+)?$" if json else r"^[0-9]+(\\.[0-9]+)?$"
    return (
        f"CASE WHEN {expr} RLIKE '{number}' THEN {epoch_ts(expr)} "
        f"ELSE CAST(try_cast({expr} AS TIMESTAMP) AS TIMESTAMP_NTZ) END"
    )


def host_of(expr: str) -> str:
    return f"nullif(trim(TRAILING '.' FROM lower({expr})), '')"


def url_host(expr: str) -> str:
    """The host of a URL or `host:port`: no scheme, user info, port or path (as DuckDB's)."""
    rest = f"CASE WHEN contains({expr}, '://') THEN split_part({expr}, '://', 2) ELSE {expr} END"
    path = f"split_part(split_part({rest}, '/', 1), '?', 1)"
    authority = (
        f"CASE WHEN contains({path}, '@') THEN element_at(split({path}, '@'), -1) ELSE {path} END"
    )
    host = (
        f"CASE WHEN startswith({authority}, '[') "
        f"THEN split_part(substr({authority}, 2), ']', 1) "
        f"ELSE split_part({authority}, ':', 1) END"
    )
    return host_of(host)


def squid(lines: str) -> str:
    """Squid native access.log (10 fields, 11 with `%>st`), as `readers/squid.py`."""
    split = (
        f"SELECT file, line, filter(split(line, ' '), x -> x <> '') AS f FROM {lines} "
        "WHERE trim(line) <> ''"
    )
    ok = (
        f"size(f) IN (10, 11) AND {epoch_ok('get(f, 0)')} "
        "AND try_cast(split_part(get(f, 3), '/', 2) AS INT) IS NOT NULL "
        "AND try_cast(get(f, 4) AS BIGINT) IS NOT NULL "
        "AND (size(f) = 10 OR try_cast(get(f, 10) AS BIGINT) IS NOT NULL)"
    )
    user = "get(f, 7)"
    return f"""
        SELECT
          {epoch_ts("get(f, 0)")} AS ts,
          get(f, 2) AS src_ip,
          CASE WHEN {user} = '-' THEN NULL WHEN contains({user}, '%')
               THEN lower(coalesce(try_url_decode({user}), {user})) ELSE lower({user}) END AS user,
          {url_host("get(f, 6)")} AS host,
          get(f, 5) AS method,
          try_cast(split_part(get(f, 3), '/', 2) AS INT) AS status,
          try_cast(get(f, 10) AS BIGINT) AS bytes_out,
          try_cast(get(f, 4) AS BIGINT) AS bytes_in,
          'squid' AS source_format,
          file,
          CASE WHEN NOT ({ok}) THEN {mask("line")} END AS bad
        FROM ({split})
    """


def zeek_json(lines: str, kind: str) -> str:
    """Zeek `kind` (dns, http, ssl) JSON lines, as `readers/zeek_json.py`."""
    fields = mapping(kind)

    def field(name: str) -> str:
        source = fields.get(name)
        if source is None:
            return "CAST(NULL AS STRING)"
        if source.startswith("'"):
            return source
        # A MAP<STRING, STRING> keeps numbers as their JSON text and keys with dots intact.
        return f"j['{source}']"

    parsed = (
        f"SELECT line, file, from_json(line, 'MAP<STRING, STRING>') AS j FROM {lines} "
        "WHERE trim(line) <> ''"
    )
    timed = f"SELECT *, {any_ts(field('ts'))} AS ts FROM ({parsed})"
    return f"""
        SELECT
          ts,
          {field("src_ip")} AS src_ip,
          lower({field("user")}) AS user,
          {host_of(field("host"))} AS host,
          {field("method")} AS method,
          try_cast({field("status")} AS INT) AS status,
          try_cast({field("bytes_out")} AS BIGINT) AS bytes_out,
          try_cast({field("bytes_in")} AS BIGINT) AS bytes_in,
          'zeek-{kind}' AS source_format,
          file,
          CASE WHEN ts IS NULL THEN {mask("line")} END AS bad
        FROM ({timed})
    """


def zeek_tsv(lines: str, kind: str, fields: tuple[str, ...]) -> str:
    """Zeek `kind` TSV with the given `#fields` header, as `readers/zeek_tsv.py`."""
    names = mapping(kind)

    def field(name: str) -> str:
        source = names.get(name)
        if source is None:
            return "CAST(NULL AS STRING)"
        if source.startswith("'"):
            return source
        if source not in fields:
            return "CAST(NULL AS STRING)"
        value = f"get(f, {fields.index(source)})"
        return f"CASE WHEN {value} IN ('', '-', '(empty)') THEN NULL ELSE {value} END"

    split = (
        f"SELECT line, file, split(line, '\\t') AS f FROM {lines} "
        "WHERE trim(line) <> '' AND NOT startswith(line, '#')"
    )
    parsed = f"SELECT *, {epoch_ts(field('ts'))} AS ts FROM ({split})"
    ok = f"size(f) = {len(fields)} AND ts IS NOT NULL"
    return f"""
        SELECT
          CASE WHEN {ok} THEN ts END AS ts,
          CASE WHEN {ok} THEN {field("src_ip")} END AS src_ip,
          CASE WHEN {ok} THEN lower({field("user")}) END AS user,
          CASE WHEN {ok} THEN {host_of(field("host"))} END AS host,
          CASE WHEN {ok} THEN {field("method")} END AS method,
          CASE WHEN {ok} THEN try_cast({field("status")} AS INT) END AS status,
          CASE WHEN {ok} THEN try_cast({field("bytes_out")} AS BIGINT) END AS bytes_out,
          CASE WHEN {ok} THEN try_cast({field("bytes_in")} AS BIGINT) END AS bytes_in,
          'zeek-{kind}' AS source_format,
          file,
          CASE WHEN NOT ({ok}) THEN {mask("line")} END AS bad
        FROM ({parsed})
    """


def events(lines: str, columns: set[str]) -> str:
    """Events already normalized (a Parquet/Delta dataset or a table in the lake): the
    columns present are cast to the event schema; a row without a valid `ts` is malformed."""

    def pick(name: str, kind: str) -> str:
        return f"try_cast(`{name}` AS {kind})" if name in columns else f"CAST(NULL AS {kind})"

    ts = (
        "CAST(try_cast(`ts` AS TIMESTAMP) AS TIMESTAMP_NTZ)"
        if "ts" in columns
        else "CAST(NULL AS TIMESTAMP_NTZ)"
    )
    return f"""
        SELECT ts, src_ip, lower(user) AS user, {host_of("host")} AS host, method, status,
               bytes_out, bytes_in, 'events' AS source_format, file,
               CASE WHEN ts IS NULL THEN 'row without a valid ts' END AS bad
        FROM (SELECT {ts} AS ts, {pick("src_ip", "STRING")} AS src_ip,
                     {pick("user", "STRING")} AS user, {pick("host", "STRING")} AS host,
                     {pick("method", "STRING")} AS method, {pick("status", "INT")} AS status,
                     {pick("bytes_out", "BIGINT")} AS bytes_out,
                     {pick("bytes_in", "BIGINT")} AS bytes_in, file
              FROM {lines})
    """
