"""Human rendering of a scan report: a rich table and a one-line summary.

Everything shown comes from the files scanned (names, masked previews), so it is built
as `Text` (never parsed as markup) and control characters are escaped: a crafted file
name or value must not drive the terminal.
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from airlock.detect.entities import Severity
from airlock.scan.model import ScanFinding, ScanReport

SEVERITY_STYLES = {
    Severity.LOW: "cyan",
    Severity.MEDIUM: "yellow",
    Severity.HIGH: "red",
    Severity.CRITICAL: "bold red",
}


def printable(text: str) -> str:
    """`text` with control and other non-printable characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def location(finding: ScanFinding) -> str:
    if finding.line is None:
        return printable(finding.path)
    return f"{printable(finding.path)}:{finding.line}:{finding.column}"


def findings_table(report: ScanReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Location", overflow="fold", min_width=20)
    table.add_column("Entity", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Preview", overflow="fold", min_width=16)
    for finding in report.findings:
        severity = finding.severity
        table.add_row(
            Text(location(finding)),
            Text(finding.entity),
            Text(severity.name.lower(), style=SEVERITY_STYLES[severity]),
            Text(f"{finding.score:.2f}"),
            Text(printable(_preview(finding))),
        )
    return table


def _preview(finding: ScanFinding) -> str:
    # `detail` is non-sensitive by contract (a language, a matching file): worth showing.
    return f"{finding.preview} ({finding.detail})" if finding.detail else finding.preview


def summary(report: ScanReport) -> Text:
    """E.g. `Scanned 3 files (1.2 KiB) in 0.01 s: 2 findings (EMAIL_ADDRESS 2).`"""
    files = _plural(report.files_scanned, "file")
    head = f"Scanned {files} ({human_bytes(report.bytes_scanned)}) in {report.elapsed:.2f} s: "
    text = Text(head)
    if report.findings:
        counts = ", ".join(f"{entity} {n}" for entity, n in report.by_entity().items())
        text.append(f"{_plural(len(report.findings), 'finding')} ({counts})", style="bold")
    else:
        text.append("no findings", style="green")
    if report.files_skipped:
        text.append(f"; {_plural(report.files_skipped, 'binary file')} skipped")
    if report.errors:
        text.append(f"; {_plural(len(report.errors), 'input')} could not be read", style="red")
    text.append(".")
    return text


def human_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
