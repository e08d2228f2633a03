"""`airlock policy`: validate a gateway policy and run its test cases."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from airlock.cli.output import fail, note, out_console
from airlock.errors import ConfigError
from airlock.policy import DEFAULT_POLICY, load_policy
from airlock.policy.cases import cases_path, run_cases
from airlock.settings import get_settings
from airlock.workspace import load_workspace

policy_app = typer.Typer(help="Gateway policy as code: check, test, init.", no_args_is_help=True)


def _policy_path(path: Path | None) -> Path | None:
    if path is not None:
        return path
    workspace = load_workspace(get_settings())
    configured = workspace.config.gateway.policy
    return workspace.home / configured if configured else None


@policy_app.command("check")
def check(
    path: Path | None = typer.Argument(None, help="Policy file (default: the workspace's)."),
) -> None:
    """Validate a policy; errors name the file, line and field. Exit 2 when invalid."""
    resolved = _policy_path(path)
    policy = load_policy(resolved)
    model = policy.model
    note(
        f"{policy.source}: valid ({len(model.roles)} roles, {len(model.rules)} rules, "
        f"{len(model.limits.teams)} team limits)"
    )


@policy_app.command("test")
def test(
    path: Path | None = typer.Argument(None, help="Policy file (default: the workspace's)."),
    cases: Path | None = typer.Option(
        None, "--cases", help="Test cases (default: <policy>.tests.yaml beside the policy)."
    ),
) -> None:
    """Run the policy's test cases (text + role + model -> expected action). Exit 1 on failure."""
    resolved = _policy_path(path)
    if cases is None:
        if resolved is None:
            raise ConfigError("no policy file: pass one, or --cases for the built-in policy")
        cases = cases_path(resolved)
    workspace = load_workspace(get_settings())
    results = run_cases(load_policy(resolved), workspace.engine(), cases)
    table = Table("case", "expected", "actual", "result", box=None)
    for result in results:
        verdict = "[green]pass[/]" if result.passed else "[red]FAIL[/]"
        table.add_row(result.name, result.expected, result.actual, verdict)
    out_console.print(table)
    failed = [r for r in results if not r.passed]
    for result in failed:
        for problem in result.problems:
            fail(f"{result.name}: {problem}")
    note(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)


@policy_app.command("init")
def init(
    path: Path = typer.Argument(Path("policy.yaml"), help="Where to write the policy."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write the default policy, to edit; point gateway.policy in airlock.yaml at it."""
    if path.exists() and not force:
        raise ConfigError("file exists (use --force to overwrite)", path=path)
    path.write_text(DEFAULT_POLICY, encoding="utf-8")
    note(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
