"""Scanning inputs with a detection engine: files and standard input in, plain data out.

Nothing here prints: the CLI renders the `ScanReport` and reports progress through the
callback. An input that cannot be read becomes a `ScanError` and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from time import perf_counter
from typing import BinaryIO, Protocol

from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.finding import Finding
from airlock.errors import AirlockError
from airlock.scan.lines import LineTracker
from airlock.scan.model import FileResult, ScanError, ScanFinding, ScanReport, Source
from airlock.scan.reader import CHUNK_CHARS, OVERLAP_CHARS, TextStream, windows
from airlock.scan.walk import Discovery, describe_os_error


class Scanner(Protocol):
    """What the service needs of a detection engine (`airlock.detect.Engine` is one)."""

    @property
    def entities(self) -> Mapping[str, EntitySpec]: ...

    def scan(self, text: str, *, entities: Iterable[str] | None = None) -> list[Finding]: ...


Progress = Callable[[FileResult], None]


class ScanService:
    """Scans sources with `scanner`, keeping findings of `entities` (all if None) scoring
    at least `min_score`. Inputs are read in windows of `chunk_chars` characters that
    overlap by `overlap_chars`, which must exceed the longest value to find."""

    def __init__(
        self,
        scanner: Scanner,
        *,
        entities: Iterable[str] | None = None,
        min_score: float = 0.0,
        chunk_chars: int = CHUNK_CHARS,
        overlap_chars: int = OVERLAP_CHARS,
    ):
        self._scanner = scanner
        self._entities = frozenset(entities) if entities is not None else None
        self._min_score = min_score
        self._chunk_chars = chunk_chars
        self._overlap_chars = overlap_chars

    def run(
        self,
        discovery: Discovery,
        *,
        stdin: BinaryIO | None = None,
        progress: Progress | None = None,
    ) -> ScanReport:
        """Scan every discovered source; discovery errors are carried into the report."""
        started = perf_counter()
        report = ScanReport(errors=list(discovery.errors))
        for source in discovery.sources:
            result = self.scan_source(source, stdin=stdin)
            report.add(result)
            if progress is not None:
                progress(result)
        report.elapsed = perf_counter() - started
        return report

    def scan_source(self, source: Source, *, stdin: BinaryIO | None = None) -> FileResult:
        """Scan one file, or `stdin` for the standard-input source."""
        if source.path is None:
            if stdin is None:
                return _failed(source, "standard input is not available")
            return self.scan_stream(source, stdin)
        try:
            with open(source.path, "rb") as stream:
                return self.scan_stream(source, stream)
        except OSError as exc:  # opening failed; read failures are handled in scan_stream
            return _failed(source, describe_os_error(exc))

    def scan_stream(self, source: Source, stream: BinaryIO) -> FileResult:
        """Scan a binary stream as text; a binary one (NUL byte near the start) is skipped."""
        findings: list[ScanFinding] = []
        documents: dict[str, tuple[Finding, str]] = {}
        chars = 0
        text: TextStream | None = None
        error: ScanError | None = None
        try:
            text = TextStream(stream)
            if text.binary:
                return FileResult(source, [], bytes_read=text.bytes_read, binary=True)
            lines = LineTracker()
            for window in windows(text, self._chunk_chars, self._overlap_chars):
                kept = self._kept(window.text, window.keep_from, window.keep_to, documents)
                if kept:
                    where = lines.locate(window, [p for f in kept for p in (f.start, f.end)])
                    findings.extend(
                        self._located(source, f, window.text, window.offset, where) for f in kept
                    )
                lines.advance(window)
                chars = window.offset + window.keep_to
        except OSError as exc:
            error = ScanError(source.display, describe_os_error(exc))
        except AirlockError as exc:  # a detector failed: its message names no value
            error = ScanError(source.display, str(exc))
        whole = [self._document(source, f, preview, chars) for f, preview in documents.values()]
        bytes_read = text.bytes_read if text is not None else 0
        return FileResult(source, whole + findings, bytes_read, chars, error=error)

    def _kept(
        self, text: str, keep_from: int, keep_to: int, documents: dict[str, tuple[Finding, str]]
    ) -> list[Finding]:
        """Span findings starting in the window's own chunk; document findings go aside,
        one per entity (the best score) for the whole input."""
        kept: list[Finding] = []
        for finding in self._scanner.scan(text, entities=self._entities):
            if finding.score < self._min_score:
                continue
            if finding.scope == "document":
                best = documents.get(finding.entity)
                if best is None or finding.score > best[0].score:
                    documents[finding.entity] = (finding, finding.preview(text))
            elif keep_from <= finding.start < keep_to:
                kept.append(finding)
        return kept

    def _located(
        self,
        source: Source,
        finding: Finding,
        text: str,
        offset: int,
        where: dict[int, tuple[int, int]],
    ) -> ScanFinding:
        line, column = where[finding.start]
        end_line, end_column = where[finding.end]
        return ScanFinding(
            path=source.display,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            start=offset + finding.start,
            end=offset + finding.end,
            entity=finding.entity,
            category=finding.category,
            severity=self._severity(finding.entity),
            score=finding.score,
            detector=finding.detector,
            preview=finding.preview(text),
            detail=finding.detail,
        )

    def _document(self, source: Source, finding: Finding, preview: str, chars: int) -> ScanFinding:
        return ScanFinding(
            path=source.display,
            line=None,
            column=None,
            end_line=None,
            end_column=None,
            start=0,
            end=chars,
            entity=finding.entity,
            category=finding.category,
            severity=self._severity(finding.entity),
            score=finding.score,
            detector=finding.detector,
            preview=preview,
            scope="document",
            detail=finding.detail,
        )

    def _severity(self, entity: str) -> Severity:
        spec = self._scanner.entities.get(entity)
        return spec.severity if spec is not None else Severity.MEDIUM


def _failed(source: Source, message: str) -> FileResult:
    return FileResult(source, [], error=ScanError(source.display, message))
