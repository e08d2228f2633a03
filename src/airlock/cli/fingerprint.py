"""`airlock fingerprint`: index proprietary code so copied fragments are flagged."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from airlock.cli.output import note, out_console
from airlock.detect.fingerprint import FingerprintIndex
from airlock.errors import ConfigError
from airlock.scan.codeindex import index_folder
from airlock.settings import get_settings
from airlock.store.fingerprints import FingerprintStore
from airlock.workspace import init_workspace, load_workspace


def fingerprint(
    paths: list[Path] = typer.Argument(None, help="Repository folders to index."),
    name: str | None = typer.Option(
        None, "--name", help="Root name for a single folder (default: the folder's name)."
    ),
    list_roots: bool = typer.Option(False, "--list", help="List the indexed roots."),
    remove: str | None = typer.Option(None, "--remove", help="Forget an indexed root."),
) -> None:
    """Index source code so prompts or files containing copied fragments are flagged.

    Fingerprints (winnowed token k-grams, never the code itself) are stored in the
    workspace database; `airlock scan` and the engine then report PROPRIETARY_CODE with
    the matching file. Re-running re-indexes changed files and forgets deleted ones.
    """
    settings = get_settings()
    workspace = load_workspace(settings)
    if not workspace.exists:
        workspace = init_workspace(settings)
        note(f"created workspace {workspace.home}")
    store = FingerprintStore(workspace.database(), FingerprintIndex().scheme)
    if remove is not None:
        note(f"removed {store.remove_root(remove)} files of {remove}")
        return
    if not list_roots:
        if not paths:
            raise ConfigError("give at least one folder to index (or --list / --remove)")
        if name is not None and len(paths) > 1:
            raise ConfigError("--name applies to a single folder")
        for folder in paths:
            report = index_folder(folder, store, name)
            note(
                f"{report.root}: {report.indexed} files indexed "
                f"({report.fingerprints} fingerprints), {report.unchanged} unchanged, "
                f"{report.removed} removed, {len(report.skipped)} skipped"
            )
    table = Table("root", "files", "fingerprints", "indexed at", box=None)
    for summary in store.roots():
        table.add_row(
            summary.root,
            str(summary.files),
            str(summary.fingerprints),
            summary.indexed_at.strftime("%Y-%m-%d %H:%M"),
        )
    out_console.print(table)


def register(app: typer.Typer) -> None:
    app.command("fingerprint")(fingerprint)
