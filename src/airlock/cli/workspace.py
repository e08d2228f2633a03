"""`airlock init` and `airlock entities`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from airlock.cli.output import note, out_console
from airlock.settings import get_settings
from airlock.store import redacted_url
from airlock.workspace import init_workspace, load_workspace


def init(
    home: Path | None = typer.Option(
        None, "--home", help="Workspace folder (default: $AIRLOCK_HOME or ./.airlock)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing airlock.yaml."),
) -> None:
    """Create a workspace: airlock.yaml and the database (SQLite in WAL mode by default)."""
    settings = get_settings()
    if home is not None:
        settings = settings.model_copy(update={"home": home})
    existed = settings.config_path.exists()
    workspace = init_workspace(settings, force=force)
    action = "kept existing" if existed and not force else "wrote"
    note(f"{action} {workspace.config_path}")
    note(f"database ready: {redacted_url(workspace.database_url)}")


def entities() -> None:
    """List the entities the engine can detect, with category and severity."""
    workspace = load_workspace(get_settings())
    engine = workspace.engine()
    table = Table("entity", "category", "severity", "description", box=None)
    for spec in sorted(engine.entities.values(), key=lambda s: (s.category, s.id)):
        table.add_row(spec.id, spec.category, spec.severity.name.lower(), spec.description)
    out_console.print(table)
    note(f"{len(engine.entities)} entities, matcher backend: {engine.backend}")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("entities")(entities)
