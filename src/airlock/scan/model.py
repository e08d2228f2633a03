"""What a scan returns: plain data the CLI renders (no value of a finding is ever kept)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from airlock.detect.entities import Severity
from airlock.detect.finding import Category, Scope


@dataclass(frozen=True, slots=True)
class Source:
    """One input to scan: a file (`path`) or standard input (`path is None`)."""

    display: str
    path: Path | None


@dataclass(frozen=True, slots=True)
class ScanError:
    """An input that could not be read; `message` never quotes file contents."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class ScanFinding:
    """A finding located in an input.

    `start`/`end` are character offsets in the decoded input; `line`/`column` are 1-based
    and `end_line`/`end_column` point just past the value (exclusive, as in SARIF).
    A document-scope finding (e.g. source code) has no position: `line` is None.
    `preview` is masked: the value itself is never held.
    """

    path: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    start: int
    end: int
    entity: str
    category: Category
    severity: Severity
    score: float
    detector: str
    preview: str
    scope: Scope = "span"
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    """The outcome for one input: findings, or skipped as binary, or an error."""

    source: Source
    findings: list[ScanFinding]
    bytes_read: int = 0
    chars: int = 0
    binary: bool = False
    error: ScanError | None = None


@dataclass(slots=True)
class ScanReport:
    findings: list[ScanFinding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files_scanned: int = 0
    files_skipped: int = 0  # binary
    bytes_scanned: int = 0
    elapsed: float = 0.0

    def add(self, result: FileResult) -> None:
        if result.error is not None:
            self.errors.append(result.error)
        elif result.binary:
            self.files_skipped += 1
        else:
            self.files_scanned += 1
        self.bytes_scanned += 0 if result.binary else result.bytes_read
        self.findings.extend(result.findings)

    def by_entity(self) -> dict[str, int]:
        """Finding counts per entity, most frequent first."""
        return dict(Counter(f.entity for f in self.findings).most_common())

    def at_or_above(self, severity: Severity) -> list[ScanFinding]:
        return [f for f in self.findings if f.severity >= severity]
