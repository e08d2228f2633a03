"""Machine-readable exports: one JSON document, or one CSV file per table."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from airlock.discover.model import DiscoveryReport
from airlock.errors import SourceError

UNITS = ("B", "KB", "MB", "GB", "TB", "PB")


def human_bytes(n: int) -> str:
    """1536 -> '1.5 KB' (powers of 1024)."""
    value = float(n)
    for unit in UNITS:
        if abs(value) < 1024 or unit == UNITS[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def to_json(report: DiscoveryReport) -> str:
    """The whole report as JSON (the same document stored in the workspace)."""
    return report.model_dump_json(indent=2)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)


def to_csv(report: DiscoveryReport, folder: Path) -> list[Path]:
    """Write services, users, departments, uploads, daily, files and recommendations CSVs."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(f"{folder}: cannot create folder ({type(exc).__name__})") from None
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {
        "services": (
            [
                "id",
                "name",
                "vendor",
                "category",
                "status",
                "requests",
                "users",
                "bytes_out",
                "bytes_in",
                "first_seen",
                "last_seen",
                "risk_score",
                "risk_level",
                "hosts",
            ],
            [
                [
                    s.id,
                    s.name,
                    s.vendor,
                    s.category,
                    s.status,
                    s.requests,
                    s.users,
                    s.bytes_out,
                    s.bytes_in,
                    s.first_seen,
                    s.last_seen,
                    s.risk.score,
                    s.risk.level.value,
                    " ".join(s.hosts),
                ]
                for s in report.services
            ],
        ),
        "users": (
            [
                "person",
                "department",
                "services",
                "requests",
                "bytes_out",
                "shadow_requests",
                "shadow_bytes_out",
                "largest_upload",
                "risk_score",
                "risk_level",
            ],
            [
                [
                    u.person,
                    u.department,
                    " ".join(u.services),
                    u.requests,
                    u.bytes_out,
                    u.shadow_requests,
                    u.shadow_bytes_out,
                    u.largest_upload,
                    u.risk.score,
                    u.risk.level.value,
                ]
                for u in report.users
            ],
        ),
        "departments": (
            [
                "department",
                "users",
                "requests",
                "bytes_out",
                "shadow_users",
                "shadow_requests",
                "shadow_bytes_out",
                "services",
            ],
            [
                [
                    d.department,
                    d.users,
                    d.requests,
                    d.bytes_out,
                    d.shadow_users,
                    d.shadow_requests,
                    d.shadow_bytes_out,
                    " ".join(d.services),
                ]
                for d in report.departments
            ],
        ),
        "uploads": (
            ["ts", "person", "department", "src_ip", "service_id", "host", "bytes_out"],
            [
                [u.ts, u.person, u.department, u.src_ip, u.service_id, u.host, u.bytes_out]
                for u in report.uploads
            ],
        ),
        "daily": (
            ["day", "service_id", "requests", "users", "bytes_out"],
            [[p.day, p.service_id, p.requests, p.users, p.bytes_out] for p in report.daily],
        ),
        "files": (
            ["path", "format", "lines", "malformed", "error"],
            [[f.path, f.format, f.lines, f.malformed, f.error or ""] for f in report.files],
        ),
        "recommendations": (
            ["kind", "priority", "target", "title", "detail"],
            [
                [r.kind.value, r.priority, r.target, r.title, r.detail]
                for r in report.recommendations
            ],
        ),
    }
    written = []
    for name, (header, rows) in tables.items():
        path = folder / f"{name}.csv"
        _write(path, header, rows)
        written.append(path)
    return written
