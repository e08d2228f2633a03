"""`airlock scan`: find sensitive data in files, folders and standard input."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from airlock.cli.context import build_engine
from airlock.cli.output import err_console, out_console
from airlock.detect.entities import Severity
from airlock.scan import Scanner, ScanReport, ScanService, discover, to_json, to_sarif
from airlock.scan.model import FileResult
from airlock.scan.render import findings_table, printable, summary

HELP = (
    "Find sensitive data in files, folders and standard input (-).\n\n"
    "Folders are walked recursively, honouring .gitignore files (nested ones too) and "
    "skipping .git and binary files; files named explicitly are always scanned. Values are "
    "never printed: findings show a masked preview.\n\n"
    "Exit codes: 0 when no finding reaches --fail-on (always, without --fail-on); "
    "1 when a finding is at or above --fail-on; 2 on a usage error, or when an input could "
    "not be read and no finding reached --fail-on."
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    sarif = "sarif"


class FailOn(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def register(app: typer.Typer, *, engine_factory: Callable[[], Scanner] = build_engine) -> None:
    """Add the `scan` command; `engine_factory` builds the detection engine it uses."""

    def scan(
        paths: list[str] = typer.Argument(
            ..., metavar="PATH", help="Files or folders to scan; - reads standard input."
        ),
        *,
        output_format: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Report format."
        ),
        fail_on: FailOn | None = typer.Option(
            None, "--fail-on", help="Exit with 1 if a finding has this severity or higher."
        ),
        entities: list[str] | None = typer.Option(
            None,
            "--entities",
            "-e",
            help="Only these entities (comma-separated or repeated), e.g. EMAIL_ADDRESS,US_SSN.",
        ),
        min_score: float = typer.Option(
            0.0,
            "--min-score",
            min=0.0,
            max=1.0,
            help="Drop findings scoring below this (on top of the engine's own detect.min_score).",
        ),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Write the report to this file instead of stdout."
        ),
        no_ignore: bool = typer.Option(
            False, "--no-ignore", help="Also scan files that .gitignore files exclude."
        ),
        stdin_filename: str = typer.Option(
            "<stdin>", "--stdin-filename", help="The name standard input has in the report."
        ),
    ) -> None:
        engine = engine_factory()
        wanted = _wanted_entities(entities, engine)
        service = ScanService(engine, entities=wanted, min_score=min_score)
        found = discover(paths, stdin_name=stdin_filename, use_gitignore=not no_ignore)
        stdin: BinaryIO | None = getattr(sys.stdin, "buffer", None)
        with _progress(len(found.sources)) as advance:
            for error in found.errors:
                _report_error(error.path, error.message)
            report = service.run(found, stdin=stdin, progress=advance)
        _write(report, output_format, output, engine)
        raise typer.Exit(_exit_code(report, fail_on))

    app.command("scan", help=HELP)(scan)


def _wanted_entities(values: list[str] | None, engine: Scanner) -> set[str] | None:
    if not values:
        return None
    wanted = {v.strip().upper() for value in values for v in value.split(",") if v.strip()}
    unknown = sorted(wanted - set(engine.entities))
    if unknown:
        known = ", ".join(sorted(engine.entities)) or "none"
        raise typer.BadParameter(
            f"unknown entities: {', '.join(unknown)} (known: {known})", param_hint="--entities"
        )
    return wanted


@contextmanager
def _progress(total: int) -> Iterator[Callable[[FileResult], None]]:
    """A progress bar on stderr when it is a terminal; read errors are printed as they come."""

    def report(result: FileResult) -> None:
        if result.error is not None:
            _report_error(result.error.path, result.error.message)

    if not err_console.is_terminal or total < 2:
        yield report
        return
    columns = (
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(result: FileResult) -> None:
            report(result)
            progress.update(task, advance=1, description=printable(result.source.display))

        yield advance


def _report_error(path: str, message: str) -> None:
    err_console.print(
        Text.assemble(("error: ", "bold red"), f"{printable(path)}: {message}"), soft_wrap=True
    )


def _write(report: ScanReport, fmt: OutputFormat, output: Path | None, engine: Scanner) -> None:
    """The report on stdout (or in `output`); for machine formats the summary goes to stderr."""
    if fmt is OutputFormat.table:
        if output is None:
            _print_table(out_console, report)
            return
        with output.open("w", encoding="utf-8") as handle:
            _print_table(Console(file=handle, width=160, no_color=True), report)
    else:
        if fmt is OutputFormat.json:
            document = to_json(report)
        else:
            document = to_sarif(report, engine.entities, base=Path.cwd())
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    err_console.print(summary(report), soft_wrap=True)


def _print_table(console: Console, report: ScanReport) -> None:
    if report.findings:
        console.print(findings_table(report))
    console.print(summary(report), soft_wrap=True)


def _exit_code(report: ScanReport, fail_on: FailOn | None) -> int:
    if fail_on is not None:
        threshold = Severity.parse(fail_on.value)
        failing = report.at_or_above(threshold)
        if failing:
            err_console.print(
                Text(
                    f"{len(failing)} finding(s) at or above {threshold.name.lower()} severity.",
                    style="bold red",
                ),
                soft_wrap=True,
            )
            return 1
    return 2 if report.errors else 0
