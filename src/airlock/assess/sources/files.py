"""Files and folders (CSV, TSV, JSON/JSONL, Parquet, Excel) read by an embedded DuckDB.

Each file is one table. DuckDB reads CSV/JSON/Parquet itself, streaming, with a memory limit
and a spill folder; Excel workbooks are streamed row by row with openpyxl (spreadsheets are
small by nature) and loaded as one table per sheet.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa

from airlock.assess.dialects import dialect_for
from airlock.assess.sources.base import Connector, EngineOptions, OpenSource, SourceSpec, TableRef
from airlock.errors import SourceError

READERS = {
    ".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".json": "json", ".jsonl": "json",
    ".ndjson": "json", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx",
}  # fmt: skip
DATABASE_SUFFIXES = {".sqlite", ".sqlite3", ".db", ".duckdb", ".ddb"}
EXCEL_MAX_ROWS = 1_048_576


def _walk(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for child in sorted(root.rglob("*")):
        if child.is_file() and not any(p.startswith(".") for p in child.relative_to(root).parts):
            yield child


def _ident(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)[:60] or "t"


def duckdb_backend(options: EngineOptions, path: str = ":memory:", **kwargs: Any) -> Any:
    """A DuckDB ibis backend with the run's memory and thread limits."""
    config: dict[str, Any] = {"memory_limit": options.memory_limit}
    if options.threads:
        config["threads"] = options.threads
    if options.temp_directory:
        config["temp_directory"] = options.temp_directory
    backend = ibis.duckdb.connect(path, **config, **kwargs)
    backend.raw_sql("SET preserve_insertion_order = false")
    return backend


class FilesConnector(Connector):
    """A file, or a folder of files; unknown file types in a folder are skipped."""

    name = "files"

    def claims(self, spec: SourceSpec) -> bool:
        if spec.path is None:
            return False
        path = Path(spec.path)
        return path.is_dir() or path.suffix.lower() in READERS

    def open(self, spec: SourceSpec, options: EngineOptions) -> OpenSource:
        assert spec.path is not None
        root = Path(spec.path)
        if not root.exists():
            raise SourceError(f"{root}: no such file or folder")
        backend = duckdb_backend(options)
        tables: list[TableRef] = []
        errors: list[str] = []
        formats: set[str] = set()
        for file in _walk(root):
            kind = READERS.get(file.suffix.lower())
            if kind is None:
                continue
            label = str(file.relative_to(root)) if root.is_dir() else file.name
            if not spec.wants(label):
                continue
            try:
                tables.extend(self._register(backend, file, kind, label, len(tables)))
                formats.add(kind)
            except SourceError as exc:
                errors.append(str(exc))
        if not tables and not errors:
            raise SourceError(f"{root}: no CSV, TSV, JSON, Parquet or Excel file found")
        return OpenSource(
            name=spec.name or ((root.stem if root.is_file() else root.name) or str(root)),
            format="+".join(sorted(formats)) or "files",
            location=str(root),
            storage=spec.storage or "file",
            reachable_by="export",
            backend=backend,
            dialect=dialect_for(backend),
            tables=tables,
            connector=self,
            errors=errors,
        )

    def _register(
        self, backend: Any, file: Path, kind: str, label: str, index: int
    ) -> list[TableRef]:
        name = f"t{index}_{_ident(file.stem)}"
        size = file.stat().st_size
        try:
            if kind == "xlsx":
                return self._excel(backend, file, label, index)
            if kind == "parquet":
                backend.read_parquet(str(file), table_name=name)
            elif kind == "json":
                backend.read_json(str(file), table_name=name)
            else:
                delim = "\t" if kind == "tsv" else None
                extra = {"delim": delim} if delim else {}
                backend.read_csv(str(file), table_name=name, **extra)
            backend.table(name).schema()
        except SourceError:
            raise
        except Exception as exc:
            # DuckDB's message quotes the offending line, which may hold data: keep its kind.
            raise SourceError(f"{file}: cannot read as {kind} ({type(exc).__name__})") from None
        return [TableRef(label, name, None, size, kind)]

    def _excel(self, backend: Any, file: Path, label: str, index: int) -> list[TableRef]:
        # openpyxl ships no type hints; imported here (only workbooks need it) as Any.
        load_workbook = importlib.import_module("openpyxl").load_workbook

        try:
            book = load_workbook(file, read_only=True, data_only=True)
        except Exception as exc:
            raise SourceError(f"{file}: cannot read as xlsx ({type(exc).__name__})") from None
        refs = []
        try:
            for number, sheet in enumerate(book.worksheets):
                rows = sheet.iter_rows(values_only=True, max_row=EXCEL_MAX_ROWS)
                header = next(rows, None)
                if header is None:
                    continue
                names = _headers(header)
                columns: list[list[Any]] = [[] for _ in names]
                for row in rows:
                    for i in range(len(names)):
                        columns[i].append(row[i] if i < len(row) else None)
                arrow = pa.table({n: _arrow_column(c) for n, c in zip(names, columns, strict=True)})
                name = f"t{index}_{number}_{_ident(file.stem)}"
                # ibis 12 + DuckDB 2.0 fail on create_table(name, arrow); a memtable works.
                backend.create_table(name, ibis.memtable(arrow))
                refs.append(TableRef(f"{label}[{sheet.title}]", name, None, None, "xlsx"))
        finally:
            book.close()
        return refs


def _headers(header: tuple[Any, ...]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(header):
        base = str(cell).strip() if cell not in (None, "") else f"column_{i + 1}"
        name, n = base, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def _arrow_column(values: list[Any]) -> pa.Array:
    """A typed column when the cells agree on a type, else text (as a person typed it)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())
