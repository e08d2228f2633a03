"""A scan report as SARIF 2.1.0, the format code-scanning services ingest.

One rule per entity found (with a `security-severity` GitHub uses to rank alerts), one
result per finding with a masked message, and partial fingerprints that follow a finding
when lines move without hashing its value (a hash of a 9-digit number is reversible).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from airlock import __version__
from airlock.detect.entities import EntitySpec, Severity
from airlock.scan.model import ScanFinding, ScanReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "airlockFinding/v1"

LEVELS = {
    Severity.LOW: "note",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}
# GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
SECURITY_SEVERITY = {
    Severity.LOW: "3.0",
    Severity.MEDIUM: "5.5",
    Severity.HIGH: "8.0",
    Severity.CRITICAL: "9.5",
}


def to_sarif(
    report: ScanReport, entities: Mapping[str, EntitySpec], *, base: Path
) -> dict[str, Any]:
    """The SARIF log for `report`; file URIs are relative to `base` when under it
    (displayed paths are relative to the working directory)."""
    root = Path(os.path.abspath(base))
    rule_ids = sorted({f.entity for f in report.findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    samples = {f.entity: f for f in report.findings}
    occurrences: dict[tuple[str, str, str], int] = {}
    results = []
    for finding in report.findings:
        location = _artifact(finding.path, root)
        key = (location["uri"], finding.entity, finding.preview)
        occurrences[key] = occurrences.get(key, 0) + 1
        results.append(_result(finding, location, index[finding.entity], occurrences[key]))
    driver: dict[str, Any] = {
        "name": "airlock",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(entities.get(r), samples[r]) for r in rule_ids],
    }
    homepage = _homepage()
    if homepage is not None:
        driver["informationUri"] = homepage
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": f"cannot read: {error.message}"},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": _artifact(error.path, root)
                                        }
                                    }
                                ],
                            }
                            for error in report.errors
                        ],
                    }
                ],
            }
        ],
    }


def _rule(spec: EntitySpec | None, sample: ScanFinding) -> dict[str, Any]:
    severity = spec.severity if spec is not None else sample.severity
    category = spec.category if spec is not None else sample.category
    description = spec.description if spec is not None and spec.description else sample.entity
    return {
        "id": sample.entity,
        "name": "".join(part.capitalize() for part in sample.entity.split("_")),
        "shortDescription": {"text": f"{sample.entity}: {description}"},
        "fullDescription": {
            "text": f"Sensitive data of type {sample.entity} ({category}): {description}."
        },
        "help": {
            "text": "Remove the value from the file (and rotate it if it is a credential), "
            "or move it to a secret store."
        },
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "tags": ["security", "sensitive-data", category],
        },
    }


def _result(
    finding: ScanFinding, location: dict[str, str], rule_index: int, occurrence: int
) -> dict[str, Any]:
    if finding.line is None:
        region: dict[str, int] = {"startLine": 1}
        detail = f" ({finding.detail})" if finding.detail else ""
        text = f"{finding.entity} ({finding.category}) detected in this file{detail}."
    else:
        region = {
            "startLine": finding.line,
            "startColumn": finding.column or 1,
            "endLine": finding.end_line or finding.line,
            "endColumn": finding.end_column or 1,
        }
        text = f"{finding.entity} ({finding.category}) found: {finding.preview}"
    fingerprint = hashlib.sha256(
        "\0".join((location["uri"], finding.entity, finding.preview, str(occurrence))).encode()
    ).hexdigest()
    return {
        "ruleId": finding.entity,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "rank": round(finding.score * 100, 1),
        "properties": {
            "severity": finding.severity.name.lower(),
            "score": round(finding.score, 3),
            "detector": finding.detector,
            "scope": finding.scope,
        },
    }


def _artifact(path: str, root: Path) -> dict[str, str]:
    """A relative URI under `root` (with its base id), else an absolute file URI."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def _homepage() -> str | None:
    """The project's home page from the package metadata, if it declares one."""
    try:
        meta = metadata("airlock")
    except PackageNotFoundError:
        return None
    entries: list[str] = meta.get_all("Project-URL") or []
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "repository"}:
            return url.strip()
    home = meta["Home-page"] if "Home-page" in meta else None  # noqa: SIM401 (a Protocol)
    return str(home) if home else None
