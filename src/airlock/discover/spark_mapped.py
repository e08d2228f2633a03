"""Column-mapped exports (CSV, TSV, JSONL) on Spark, from the same mapping files as DuckDB.

`readers/mapped.py` reads an export through a `Mapping` with DuckDB's CSV and JSON readers;
this module turns the same `Mapping` into Spark SQL over a view of raw lines `(line, file)`,
so both engines give the same events, malformed-line counts and masked examples. What DuckDB
does is spelled out here rather than left to Spark's CSV reader, whose rules differ (Spark
calls a line with extra columns malformed, DuckDB reads it): a line is split into fields by
a regular expression that knows quotes, and a `strptime` format is matched by a regular
expression built from it. The few differences left are listed in docs/scale.md.
"""

# SQL here is assembled from constants, mapping names and sql_string()-quoted mapping values.
# ruff: noqa: S608

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass

from airlock.discover.readers.mapped import FIELDS, Mapping
from airlock.discover.spark_readers import any_ts, epoch_ts, host_of, mask, url_host
from airlock.errors import ConfigError

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def sql_string(value: str) -> str:
    """A Spark SQL string literal (backslashes are escapes in Spark SQL literals)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class Layout:
    """How a CSV export's lines are laid out: its column names, and its header line without
    a byte order mark (dropped when read; "" without a header)."""

    header: str
    names: tuple[str, ...]


def layout(mapping: Mapping, head: bytes) -> Layout | None:
    """The layout of a CSV/TSV export from its first bytes (None for JSONL), as DuckDB reads
    it: names from the header line, else the mapping's `columns`, else column0, column1...
    Raises ValueError naming the mapped columns the file does not have."""
    if mapping.format == "jsonl":
        return None
    raw = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace").lstrip("\ufeff")
    first = next(csv.reader([raw], delimiter=_delimiter(mapping)), [])
    if mapping.header:
        names, header = tuple(first), raw
    elif mapping.columns:
        names, header = tuple(mapping.columns), ""
    else:
        names, header = tuple(f"column{i}" for i in range(len(first))), ""
    wanted = [c for c in mapping.fields.values() if not c.startswith("=")]
    missing = [c for c in wanted if c not in names]
    if missing:
        raise ValueError(f"no column {', '.join(missing)} for mapping {mapping.name}")
    return Layout(header, names)


def _delimiter(mapping: Mapping) -> str:
    return mapping.delimiter or ("\t" if mapping.format == "tsv" else ",")


def mapped(lines: str, mapping: Mapping, shape: Layout | None) -> str:
    """Spark SQL for `STAGED_COLUMNS` rows of a mapped export, plus `rejected` (a line
    DuckDB's CSV reader rejects). Raises ConfigError for a `ts_format` Spark cannot match."""
    if shape is None:
        source = _json_lines(lines)
        fields = _fields(mapping, lambda column: f"j[{sql_string(column)}]")
    else:
        source = _csv_lines(mapping, shape, lines)
        fields = _fields(mapping, lambda column: f"get(v, {shape.names.index(column)})")
    parts, ts = _ts(mapping, "_ts", json=shape is None)
    host = host_of("host") if "host" in mapping.fields else url_host("url")
    fielded = f"SELECT file, line, _raw, _short, {fields} FROM ({source}) AS l"
    timed = f"SELECT *, {ts} AS ts FROM (SELECT *, {parts} AS _p FROM ({fielded}) AS f) AS p"
    return f"""
        SELECT
          ts, src_ip, lower(`user`) AS `user`, {host} AS host, upper(method) AS method,
          {_integer("status", "INT")} AS status,
          {_integer("bytes_out", "BIGINT")} AS bytes_out,
          {_integer("bytes_in", "BIGINT")} AS bytes_in,
          {sql_string(mapping.name)} AS source_format,
          file,
          CASE WHEN _short THEN {mask("line")} WHEN ts IS NULL THEN {mask("_raw")} END AS bad,
          _short AS rejected
        FROM ({timed}) AS t
    """


def _csv_lines(mapping: Mapping, shape: Layout, lines: str) -> str:
    """A CSV/TSV export's lines split into fields `v` where DuckDB splits them: at
    delimiters outside double quotes (a field's outer quotes removed, `""` inside kept as
    DuckDB keeps it), an empty field NULL. A line with fewer fields than the layout is
    malformed (`_short`: DuckDB rejects it); extra fields are ignored, as DuckDB does."""
    d = re.escape(_delimiter(mapping))
    token = f'(?:^|{d})("[^"]*+(?:""[^"]*+)*+"|[^{d}]*+)'
    unquote = (
        "x -> nullif(CASE WHEN length(x) >= 2 AND startswith(x, '\"') AND endswith(x, '\"') "
        "THEN substr(x, 2, length(x) - 2) ELSE x END, '')"
    )
    # Hadoop drops a UTF-8 byte order mark at the start of a file; the header is dropped
    # with or without one.
    header = f"{sql_string(shape.header)}, {sql_string(chr(0xFEFF) + shape.header)}"
    drop = f" AND line NOT IN ({header})" if shape.header else ""
    split = (
        f"SELECT file, line, transform(regexp_extract_all(line, {sql_string(token)}, 1), "
        f"{unquote}) AS v FROM {lines} WHERE line <> ''{drop}"
    )
    count = len(shape.names)
    # DuckDB shows a row whose time does not parse as its values joined by commas.
    raw = "concat_ws(',', " + ", ".join(f"get(v, {i})" for i in range(count)) + ")"
    return f"SELECT *, size(v) < {count} AS _short, {raw} AS _raw FROM ({split}) AS s"


def _json_lines(lines: str) -> str:
    """A JSONL export's lines parsed into `j`, its top-level keys (NULL when not JSON)."""
    return (
        "SELECT file, line, line AS _raw, false AS _short, "
        f"from_json(line, 'MAP<STRING, STRING>') AS j FROM {lines} WHERE trim(line) <> ''"
    )


def _fields(mapping: Mapping, value: Callable[[str], str]) -> str:
    """`<text> AS <field>` for every normalized field (`_ts` for the time), NULL if unmapped."""
    parts = []
    for name in FIELDS:
        column = mapping.fields.get(name)
        if column is None:
            expr = "CAST(NULL AS STRING)"
        elif column.startswith("="):
            expr = sql_string(column[1:])
        else:
            expr = f"nullif(trim({value(column)}), '')"
        parts.append(f"{expr} AS `{'_ts' if name == 'ts' else name}`")
    return ", ".join(parts)


def _integer(expr: str, kind: str) -> str:
    """As DuckDB's TRY_CAST from text: decimals and exponents are rounded, not refused."""
    return (
        f"coalesce(try_cast({expr} AS {kind}), "
        f"try_cast(round(try_cast({expr} AS DOUBLE)) AS {kind}))"
    )


def _ts(mapping: Mapping, expr: str, *, json: bool) -> tuple[str, str]:
    """The parts a strptime format captures (`_p`, NULL for other formats) and the
    TIMESTAMP_NTZ (UTC) from the mapped time text, as `MappedReader._ts` gives them."""
    none = "CAST(NULL AS ARRAY<STRING>)"
    fmt, zone = mapping.ts_format, mapping.timezone
    local = zone.upper() != "UTC"
    if fmt == "epoch":
        return none, epoch_ts(expr)
    if fmt == "epoch_ms":
        return none, epoch_ts(expr, micros_per_unit=1000)
    if fmt == "auto":
        if not local:
            return none, any_ts(expr, json=json)
        # Epoch numbers and ISO times with an offset are absolute; the rest are local.
        number = r"^[0-9]+(\.[0-9]+)?(E[0-9]+)?$" if json else r"^[0-9]+(\.[0-9]+)?$"
        absolute = (
            f"{expr} RLIKE {sql_string(number)} "
            f"OR {expr} RLIKE {sql_string('(Z|[+-][0-9]{2}:?[0-9]{2})$')}"
        )
        naive = f"try_cast({expr} AS TIMESTAMP_NTZ)"
        either = (
            f"CASE WHEN {absolute} THEN {any_ts(expr, json=json)} ELSE {_local(naive, zone)} END"
        )
        return none, either
    regex, roles = _pattern(fmt, mapping.name)
    joined = "|".join(f"${n + 1}" for n in range(len(roles)))
    parts = (
        f"CASE WHEN {expr} RLIKE {sql_string(regex)} THEN split(regexp_replace("
        f"{expr}, {sql_string(regex)}, {sql_string(joined)}), '[|]') END"
    )
    parsed, offset = _assemble("_p", roles)
    return parts, _local(parsed, zone) if local and not offset else parsed


def _local(naive: str, zone: str) -> str:
    """A naive time in `zone` as naive UTC."""
    return f"CAST(to_utc_timestamp({naive}, {sql_string(zone)}) AS TIMESTAMP_NTZ)"


# strptime directives Spark matches: (regex, what the captured text is). Numbers take as
# many digits as DuckDB's strptime takes (1 to the width), names are matched in any case.
_NAMES = {
    "b": "|".join(m[:3] for m in MONTHS),
    "B": "|".join(MONTHS),
    "a": "|".join(d[:3] for d in DAYS),
    "A": "|".join(DAYS),
}
DIRECTIVES: dict[str, tuple[str, str]] = {
    "Y": ("([0-9]{1,4}+)", "year"),
    "y": ("([0-9]{1,2}+)", "year2"),
    "m": ("([0-9]{1,2}+)", "month"),
    "d": ("([0-9]{1,2}+)", "day"),
    "H": ("([0-9]{1,2}+)", "hour"),
    "I": ("([0-9]{1,2}+)", "hour12"),
    "M": ("([0-9]{1,2}+)", "minute"),
    "S": ("([0-9]{1,2}+)", "second"),
    "f": ("([0-9]{1,6}+)", "micros"),
    "g": ("([0-9]{1,3}+)", "millis"),
    "p": ("(?i:(am|pm))", "ampm"),
    "b": (f"(?i:({_NAMES['b']}))", "monthname"),
    "B": (f"(?i:({_NAMES['B']}))", "monthname"),
    "a": (f"(?i:(?:{_NAMES['a']}))", ""),  # the weekday is not checked, as on DuckDB
    "A": (f"(?i:(?:{_NAMES['A']}))", ""),
    "z": ("([+-][0-9]{2}(?::?[0-9]{2})?)", "offset"),
}


def _pattern(fmt: str, mapping: str) -> tuple[str, list[str]]:
    """A Java regex matching what DuckDB's `strptime(text, fmt)` accepts, and the role of
    each captured group. Raises ConfigError for a directive Spark cannot match."""
    regex, roles = [r"^\s*"], []
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            i += 2
            if code == "-" and i < len(fmt):  # %-d: no padding; parsing is the same
                code = fmt[i]
                i += 1
            if code == "%":
                regex.append("%")
                continue
            if code not in DIRECTIVES:
                known = " ".join(f"%{c}" for c in DIRECTIVES)
                raise ConfigError(
                    f"mapping {mapping}: ts_format %{code} is not read by Spark "
                    f"(Spark reads {known}); use --engine duckdb for it"
                )
            part, role = DIRECTIVES[code]
            regex.append(part)
            if role:
                roles.append(role)
        elif char.isspace():
            while i < len(fmt) and fmt[i].isspace():
                i += 1
            regex.append(r"\s+")
        else:
            regex.append(char if char.isalnum() else "\\" + char)
            i += 1
    regex.append(r"\s*$")
    return "".join(regex), roles


def _assemble(parts: str, roles: list[str]) -> tuple[str, bool]:
    """Spark SQL for the time named by the captured `parts` (an array, NULL when the text
    did not match), NULL when it names no valid time (February 30, hour 24), as DuckDB's
    `try_strptime`; and whether it is absolute (the format has a UTC offset). Missing
    parts default as on DuckDB: 1900-01-01 00:00:00."""

    def part(role: str, default: str) -> str:
        return f"get({parts}, {roles.index(role)})" if role in roles else f"'{default}'"

    year = part("year", "1900")
    if "year2" in roles:
        two = f"CAST({part('year2', '0')} AS INT)"
        year = f"CAST(CASE WHEN {two} < 69 THEN 2000 + {two} ELSE 1900 + {two} END AS STRING)"
    month = part("month", "1")
    if "monthname" in roles:
        name = f"lower(substr({part('monthname', '')}, 1, 3))"
        index = f"instr('janfebmaraprmayjunjulaugsepoctnovdec', {name})"
        month = f"CAST(({index} + 2) DIV 3 AS STRING)"
    hour = part("hour", "0")
    if "hour12" in roles:
        twelve = f"CAST({part('hour12', '0')} AS INT)"
        pm = f"lower({part('ampm', '')}) = 'pm'"
        shift = f"{twelve} % 12 + CASE WHEN {pm} THEN 12 ELSE 0 END" if "ampm" in roles else twelve
        hour = f"CASE WHEN {twelve} BETWEEN 1 AND 12 THEN CAST({shift} AS STRING) END"
    micros = "'000000'"
    if "micros" in roles:
        micros = f"rpad({part('micros', '')}, 6, '0')"
    elif "millis" in roles:
        micros = f"concat(rpad({part('millis', '')}, 3, '0'), '000')"
    offset = ""
    if "offset" in roles:
        raw = f"replace({part('offset', '')}, ':', '')"
        offset = f", substr({raw}, 1, 3), ':', coalesce(nullif(substr({raw}, 4, 2), ''), '00')"
    day, minute, second = part("day", "1"), part("minute", "0"), part("second", "0")
    text = (
        f"concat(lpad({year}, 4, '0'), '-', lpad({month}, 2, '0'), '-', lpad({day}, 2, '0'), "
        f"' ', lpad({hour}, 2, '0'), ':', lpad({minute}, 2, '0'), ':', lpad({second}, 2, '0'), "
        f"'.', {micros}{offset})"
    )
    if offset:
        parsed = f"CAST(try_cast({text} AS TIMESTAMP) AS TIMESTAMP_NTZ)"
    else:
        parsed = f"try_cast({text} AS TIMESTAMP_NTZ)"
    return f"CASE WHEN {parts} IS NOT NULL THEN {parsed} END", bool(offset)
