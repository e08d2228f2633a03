"""Scanning files, folders and standard input for sensitive data (`airlock scan`).

`discover(paths)` lists the inputs (honouring .gitignore), `ScanService(engine).run(...)`
scans them in overlapping windows and returns a `ScanReport`; `to_json`/`to_sarif` and
`render` turn the report into output. Nothing in this package prints.
"""

from __future__ import annotations

from airlock.scan.export import to_json
from airlock.scan.model import FileResult, ScanError, ScanFinding, ScanReport, Source
from airlock.scan.sarif import to_sarif
from airlock.scan.service import Scanner, ScanService
from airlock.scan.walk import STDIN, Discovery, discover

__all__ = [
    "STDIN",
    "Discovery",
    "FileResult",
    "ScanError",
    "ScanFinding",
    "ScanReport",
    "ScanService",
    "Scanner",
    "Source",
    "discover",
    "to_json",
    "to_sarif",
]
