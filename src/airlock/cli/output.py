"""Shared rendering helpers for the CLI (stderr for messages, stdout for results)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True)
out_console = Console()


def fail(message: str) -> None:
    """An error line on stderr; never wrapped, so paths and file:line stay greppable."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def note(message: str) -> None:
    err_console.print(escape(message), highlight=False, soft_wrap=True)
