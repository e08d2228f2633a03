"""Entry point of the `airlock` command: builds the typer app from the command modules."""

from __future__ import annotations

import sys

import typer

from airlock import __version__
from airlock.cli import (
    assess,
    audit,
    demo,
    discover,
    fingerprint,
    keys,
    policy,
    scan,
    serve,
    workspace,
)
from airlock.cli.output import fail
from airlock.errors import AirlockError
from airlock.logs import configure_logging
from airlock.settings import get_settings

app = typer.Typer(
    name="airlock",
    help="Airlock: the company-approved door to AI. Find sensitive data before it leaves.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"airlock {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Airlock: the company-approved door to AI."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)


for module in (demo, scan, serve, keys, policy, audit, assess, discover, fingerprint, workspace):
    module.register(app)


def main() -> None:
    """Run the CLI; `AirlockError`s become a one-line message and exit code 2."""
    try:
        app()
    except AirlockError as exc:
        fail(str(exc))
        sys.exit(2)
