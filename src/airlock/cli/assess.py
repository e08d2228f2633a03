"""`airlock assess`: is our data ready for AI? Measured on the data, where it lives."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from airlock.assess.compare import Comparison, compare
from airlock.assess.model import AssessmentReport
from airlock.assess.questionnaire import load_questionnaire
from airlock.assess.report.exports import json_schema, to_json
from airlock.assess.report.html import to_html
from airlock.assess.report.terminal import comparison, summary
from airlock.assess.runs import list_runs, load_run, save_run
from airlock.assess.service import AssessRequest, assess
from airlock.assess.sources import EngineOptions, SourcesFile, spec_from_argument
from airlock.assess.sources.spark import spec_for_argument
from airlock.cli.baseline import load_baseline
from airlock.cli.options import (
    compare_option,
    html_option,
    spark_conf_option,
    spark_master_option,
    threads_option,
)
from airlock.cli.output import err_console, note, out_console
from airlock.config import load_yaml_model
from airlock.engines.spark import parse_pairs
from airlock.errors import ConfigError, SourceError
from airlock.settings import get_settings
from airlock.workspace import Workspace, load_workspace

# Paragraphs are single lines: the terminal wraps them to its width.
HELP = "\n\n".join(
    [
        "Assess whether the data estate is ready for AI, from measured evidence.",
        "SOURCE is a file or folder (CSV, TSV, JSON/JSONL, Parquet, Excel .xlsx), a SQLite or DuckDB file, or a database URL (postgresql://user@host/db; any backend ibis supports). Passwords never go on the command line: use ${VAR} in the URL, the driver's variable (PGPASSWORD), or --sources sources.yaml with password_env. Metrics run inside the engine (DuckDB for files); only aggregates and a random sample (--sample-rows, for formats and sensitive data) are read.",
        "Scores four traits 0-100 (storage, quality, governance, integration), names a maturity level, places the estate on the Data Science Hierarchy of Needs and lists a remediation plan, most impact first. --questionnaire assessment.yaml adds what cannot be measured (ownership, encryption at rest, policies); each score says whether its evidence is measured or declared.",
    ]
)


def register(app: typer.Typer) -> None:
    """Add the `assess` command to `app`."""

    def assess_command(
        sources: list[str] = typer.Argument(
            None, metavar="SOURCE...", help="Files, folders, database files or database URLs."
        ),
        *,
        sources_file: Path | None = typer.Option(
            None, "--sources", "-s", help="sources.yaml listing the sources (with credentials)."
        ),
        questionnaire: Path | None = typer.Option(
            None, "--questionnaire", "-q", help="assessment.yaml: declared answers."
        ),
        json_out: str | None = typer.Option(
            None, "--json", help="Write the report as JSON to this file (- for stdout)."
        ),
        html_out: Path | None = html_option(),
        previous: str | None = compare_option(),
        sample_rows: int = typer.Option(
            10_000, "--sample-rows", min=100, help="Rows sampled per table (formats, PII)."
        ),
        stale_days: int = typer.Option(
            365, "--stale-days", min=1, help="A row not updated for this many days is stale."
        ),
        no_store: bool = typer.Option(False, "--no-store", help="Do not keep this run."),
        top: int = typer.Option(10, "--top", min=1, help="Plan items shown in the terminal."),
        memory_limit: str = typer.Option(
            "2GB", "--memory-limit", help="DuckDB memory limit; beyond it DuckDB spills to disk."
        ),
        threads: int | None = threads_option(),
        engine: str = typer.Option(
            "duckdb",
            "--engine",
            help="duckdb, or spark: SOURCE paths and storage URIs are read by Spark as one "
            "dataset each (needs the spark extra). Reference: docs/scale.md.",
        ),
        spark_master: str = spark_master_option(),
        spark_conf: list[str] = spark_conf_option(),
        schema: bool = typer.Option(
            False, "--schema", help="Print the JSON Schema of the report and exit."
        ),
    ) -> None:
        if schema:
            sys.stdout.write(json_schema() + "\n")
            return
        if engine not in ("duckdb", "spark"):
            raise ConfigError(f"--engine {engine!r}: use duckdb or spark")
        if engine == "spark":
            conf = parse_pairs(spark_conf)
            specs = [spec_for_argument(s, spark_master, conf) for s in sources or []]
        else:
            specs = [spec_from_argument(s) for s in sources or []]
        if sources_file is not None:
            specs += load_yaml_model(sources_file, SourcesFile).sources
        if not specs:
            raise ConfigError("give at least one SOURCE or --sources sources.yaml")
        workspace = load_workspace(get_settings())
        request = AssessRequest(
            sources=specs,
            questionnaire=load_questionnaire(questionnaire),
            sample_rows=sample_rows,
            stale_after_days=stale_days,
            engine=EngineOptions(memory_limit=memory_limit, threads=threads),
        )
        baseline = _baseline(workspace, previous) if previous else None
        with _progress() as progress:
            report = assess(request, workspace.engine(), progress)
        if no_store:
            pass
        elif workspace.exists:
            save_run(workspace.database(), report)
        else:
            note("This run is not stored: no workspace here (run `airlock init` to keep runs).")
        result = compare(baseline, report) if baseline is not None else None
        _write(report, result, json_out=json_out, html_out=html_out, top=top)

    app.command("assess", help=HELP)(assess_command)


def _baseline(workspace: Workspace, previous: str) -> AssessmentReport:
    """The report `--compare` names, read before this run is stored."""
    return load_baseline(
        workspace,
        previous,
        model=AssessmentReport,
        what="assessment",
        list_runs=list_runs,
        load_run=load_run,
    )


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on stderr while tables are measured, when stderr is a terminal."""
    if not err_console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("assessing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, done + 1), description=label)

        yield update


def _write(
    report: AssessmentReport,
    result: Comparison | None,
    *,
    json_out: str | None,
    html_out: Path | None,
    top: int,
) -> None:
    console = out_console
    if json_out == "-":
        sys.stdout.write(to_json(report) + "\n")
        console = err_console
    elif json_out:
        _save(Path(json_out), to_json(report) + "\n")
    if html_out is not None:
        _save(html_out, to_html(report, result))
    console.print(summary(report, top=top), soft_wrap=True)
    if result is not None:
        console.print(comparison(result), soft_wrap=True)
    if report.run_id is not None:
        note(f"Stored as assessment run {report.run_id}.")


def _save(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot write ({type(exc).__name__})") from None
