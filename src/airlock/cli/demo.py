"""`airlock demo`: what Airlock finds in the shipped example files, and what would leave."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import typer
from rich.panel import Panel
from rich.text import Text

from airlock.cli.output import out_console
from airlock.detect import Engine, Vault, pseudonymize, redact, rehydrate
from airlock.detect.config import TermList
from airlock.scan import ScanService, discover
from airlock.scan.render import findings_table, summary
from airlock.settings import get_settings
from airlock.workspace import load_workspace

PROMPT = "chat_prompt.txt"


def examples_dir() -> Path:
    """The folder of example files shipped inside the package."""
    return Path(str(resources.files("airlock") / "examples"))


def demo_engine() -> Engine:
    """The workspace's engine plus a demo term list, to show company terms being caught."""
    workspace = load_workspace(get_settings())
    detect = workspace.config.detect
    terms = TermList(entity="PROJECT_CODENAME", terms=["Project Falcon"], severity="high")
    config = detect.model_copy(update={"custom_terms": [*detect.custom_terms, terms]})
    return Engine(config, base_dir=workspace.home)


def demo() -> None:
    """Scan the shipped example files and show a prompt as an AI provider would receive it."""
    engine = demo_engine()
    folder = examples_dir()
    out_console.rule(f"[bold]Airlock demo[/]: scanning the example files in {folder}")
    here = Path.cwd()
    os.chdir(folder)  # so locations read `support_ticket.txt:7:9`
    try:
        report = ScanService(engine).run(discover(["."]))
    finally:
        os.chdir(here)
    out_console.print(findings_table(report))
    out_console.print(summary(report))

    text = (folder / PROMPT).read_text(encoding="utf-8")
    findings = engine.scan(text)
    out_console.rule(f"[bold]{PROMPT}[/]: what would leave the company")
    out_console.print(Panel(Text(redact(text, findings)), title="redacted", expand=False))
    vault = Vault()
    safe = pseudonymize(text, findings, vault)
    out_console.print(Panel(Text(safe), title="pseudonymized (sent upstream)", expand=False))
    tokens = [token for token in _tokens(safe) if token.startswith("<PERSON") or "EMAIL" in token]
    if tokens:
        answer = f"Draft: Dear {tokens[0]}, we are sorry about the invoice and will fix it."
        shown = Text(answer + "\n\n") + Text(rehydrate(answer, vault), style="green")
        out_console.print(
            Panel(shown, title="model answer, then as the user sees it (rehydrated)", expand=False)
        )
    _gateway_section()
    out_console.print(
        "Next: [bold]airlock scan PATH[/] on your own files, [bold]airlock serve[/] for the "
        "gateway (docs/gateway.md), [bold]airlock discover LOGS[/] and [bold]airlock assess "
        "SOURCES[/] — see README.md."
    )


GATEWAY_PROMPT = (
    "Hi, I'm Maria Garcia (maria.garcia@example.com). My card 4111 1111 1111 1111 was "
    "charged twice; our deploy key is AKIA4TQ7RZ2MXW5KJ3PL. Please draft a reply."
)


def _gateway_section() -> None:
    from airlock.cli.demo_gateway import gateway_answer

    out_console.rule("[bold]The gateway[/]: a chat completion through Airlock")
    out_console.print(Panel(Text(GATEWAY_PROMPT), title="the client sends", expand=False))
    answer = gateway_answer(GATEWAY_PROMPT)
    out_console.print(
        Panel(Text(answer), title="preview provider: what would leave (nothing did)", expand=False)
    )


def _tokens(text: str) -> list[str]:
    return re.findall(r"<[A-Z][A-Z0-9_]*_[0-9]+>", text)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
