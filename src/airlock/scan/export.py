"""A scan report as a JSON document: findings with positions and masked previews only."""

from __future__ import annotations

from typing import Any

from airlock.scan.model import ScanFinding, ScanReport

JSON_FORMAT_VERSION = 1


def to_json(report: ScanReport) -> dict[str, Any]:
    """Findings, read errors and a summary. Never the detected values."""
    return {
        "version": JSON_FORMAT_VERSION,
        "findings": [finding_to_json(f) for f in report.findings],
        "errors": [{"path": e.path, "error": e.message} for e in report.errors],
        "summary": summary_to_json(report),
    }


def finding_to_json(finding: ScanFinding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "start": finding.start,
        "end": finding.end,
        "entity": finding.entity,
        "category": finding.category,
        "severity": finding.severity.name.lower(),
        "score": round(finding.score, 3),
        "detector": finding.detector,
        "scope": finding.scope,
        "preview": finding.preview,
        "detail": finding.detail,
    }


def summary_to_json(report: ScanReport) -> dict[str, Any]:
    return {
        "files_scanned": report.files_scanned,
        "files_skipped_binary": report.files_skipped,
        "files_with_errors": len(report.errors),
        "bytes_scanned": report.bytes_scanned,
        "findings": len(report.findings),
        "findings_by_entity": report.by_entity(),
        "elapsed_seconds": round(report.elapsed, 3),
    }
