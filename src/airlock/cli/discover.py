"""`airlock discover`: which AI services the company uses, read from its proxy/DNS/firewall logs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from airlock.cli.baseline import load_baseline
from airlock.cli.options import (
    compare_option,
    html_option,
    spark_conf_option,
    spark_master_option,
    threads_option,
)
from airlock.cli.output import err_console, note, out_console
from airlock.discover.analyze import Window
from airlock.discover.compare import Comparison, compare
from airlock.discover.config import load_config
from airlock.discover.model import DiscoveryReport
from airlock.discover.report import to_csv, to_json
from airlock.discover.report.html import to_html
from airlock.discover.report.terminal import comparison, summary
from airlock.discover.runs import list_runs, load_run, save_run
from airlock.discover.service import DiscoverRequest, discover
from airlock.discover.spark import discover_spark
from airlock.discover.when import parse_when
from airlock.engines.spark import SparkOptions, parse_pairs
from airlock.errors import ConfigError, SourceError
from airlock.settings import get_settings
from airlock.workspace import Workspace, load_workspace

# One line per paragraph: the help renderer wraps to the terminal, hard breaks would show.
HELP = "\n\n".join(
    [
        "Find the AI services people use, from the logs you already have.",
        "Reads web proxy, DNS and firewall logs (Squid access.log; Zeek dns/http/ssl in TSV or "
        "JSON; Cisco Umbrella and Zscaler NSS CSV exports; your own CSV/TSV/JSONL through a "
        "column mapping), plain or gzip, files, folders or globs. Formats are detected per "
        "file; --format forces one. Matches hosts against Airlock's catalog of AI services and "
        "reports usage per service, person and department, the largest uploads to "
        "unsanctioned services, risk scores and what to do first.",
        "Each run is stored in the workspace (when there is one); --compare shows the change "
        "since an earlier run. Malformed lines are counted per file, with masked examples, and "
        "never stop a run. Reference: docs/discover.md.",
    ]
)


def register(app: typer.Typer) -> None:
    """Add the `discover` command to `app`."""

    def discover_command(
        paths: list[str] = typer.Argument(
            ..., metavar="PATH...", help="Log files, folders (read recursively) or globs."
        ),
        *,
        log_format: str | None = typer.Option(
            None, "--format", "-f", help="Read every input as this format (default: detect)."
        ),
        config: Path | None = typer.Option(
            None, "--config", "-c", help="discover.yaml: service statuses, gateway, identities."
        ),
        since: str | None = typer.Option(
            None, "--since", help="Only events at or after this time (2026-11-01, 7d, 12h)."
        ),
        until: str | None = typer.Option(
            None, "--until", help="Only events before this time (same forms as --since)."
        ),
        json_out: str | None = typer.Option(
            None, "--json", help="Write the full report as JSON to this file (- for stdout)."
        ),
        csv_dir: Path | None = typer.Option(
            None, "--csv", help="Write one CSV per table into this folder."
        ),
        html_out: Path | None = html_option(),
        previous: str | None = compare_option(),
        no_store: bool = typer.Option(
            False, "--no-store", help="Do not keep this run in the workspace."
        ),
        top: int = typer.Option(15, "--top", min=1, help="Rows per table in the terminal."),
        memory_limit: str = typer.Option(
            "1GB",
            "--memory-limit",
            help="DuckDB memory limit (512MB, 2GB); beyond it DuckDB spills to disk.",
        ),
        threads: int | None = threads_option(),
        engine: str = typer.Option(
            "duckdb",
            "--engine",
            help="duckdb (this machine) or spark (reads and analyzes the logs on Spark; "
            "needs the spark extra). Reference: docs/scale.md.",
        ),
        spark_master: str = spark_master_option(),
        spark_conf: list[str] = spark_conf_option(),
    ) -> None:
        workspace = load_workspace(get_settings())
        request = DiscoverRequest(
            inputs=paths,
            config=load_config(config),
            format=log_format,
            window=Window(
                since=parse_when(since) if since else None,
                until=parse_when(until) if until else None,
            ),
            memory_limit=memory_limit,
            threads=threads,
        )
        baseline = _baseline(workspace, previous) if previous else None
        if engine == "spark":
            options = SparkOptions(master=spark_master, conf=parse_pairs(spark_conf))
            report = discover_spark(request, options)
        elif engine == "duckdb":
            with _progress() as progress:
                report = discover(request, progress)
        else:
            raise ConfigError(f"--engine {engine!r}: use duckdb or spark")
        if no_store:
            pass
        elif workspace.exists:
            save_run(workspace.database(), report)
        else:
            note("This run is not stored: no workspace here (run `airlock init` to keep runs).")
        result = compare(baseline, report) if baseline is not None else None
        _write(report, result, json_out=json_out, csv_dir=csv_dir, html_out=html_out, top=top)

    app.command("discover", help=HELP)(discover_command)


def _baseline(workspace: Workspace, previous: str) -> DiscoveryReport:
    """The report `--compare` names, read before this run is stored."""
    return load_baseline(
        workspace,
        previous,
        model=DiscoveryReport,
        what="discovery",
        list_runs=list_runs,
        load_run=load_run,
    )


@contextmanager
def _progress() -> Iterator[Callable[[float, str], None] | None]:
    """A progress bar on stderr while logs are read, when stderr is a terminal."""
    if not err_console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("reading logs"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("", total=1.0)

        def update(fraction: float, label: str) -> None:
            bar.update(task, completed=fraction, description=label)

        yield update


def _write(
    report: DiscoveryReport,
    result: Comparison | None,
    *,
    json_out: str | None,
    csv_dir: Path | None,
    html_out: Path | None,
    top: int,
) -> None:
    console = out_console
    if json_out == "-":
        sys.stdout.write(to_json(report) + "\n")
        console = err_console
    elif json_out:
        _save(Path(json_out), to_json(report) + "\n")
    if csv_dir is not None:
        to_csv(report, csv_dir)
    if html_out is not None:
        _save(html_out, to_html(report, result))
    console.print(summary(report, top=top), soft_wrap=True)
    if result is not None:
        console.print(comparison(result, top=top), soft_wrap=True)
    if report.run_id is not None:
        note(f"Stored as discovery run {report.run_id}.")


def _save(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot write ({type(exc).__name__})") from None
