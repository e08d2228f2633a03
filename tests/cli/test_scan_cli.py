"""`airlock scan` end to end: formats, stdin, exit codes, and values never printed."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner, Result

from airlock.cli import scan as scan_cli
from airlock.cli.main import app as airlock_app
from airlock.detect import DetectConfig, Engine
from airlock.detect.config import CustomPattern

TICKET = "TCK-" + "123456"
SERIAL = "VK-" + "AB12CD34"
LOWTAG = "LOW-" + "9876"
VALUES = (TICKET, SERIAL, LOWTAG)


def _engine() -> Engine:
    return Engine(
        DetectConfig(
            custom_patterns=[
                CustomPattern(entity="TICKET", pattern=r"TCK-[0-9]{6}", severity="high"),
                CustomPattern(entity="VAULT_KEY", pattern=r"VK-[A-F0-9]{8}", severity="critical"),
                CustomPattern(entity="LOWTAG", pattern=r"LOW-[0-9]{4}", severity="low"),
            ]
        )
    )


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root so that `scan` stays a sub-command."""

    scan_cli.register(app, engine_factory=_engine)
    return app


APP = _app()


def _run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(APP, ["scan", *args], input=stdin)


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def _write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def test_table_lists_locations_entities_and_a_summary(cwd: Path) -> None:
    _write(cwd, {"src/config.py": f"x = 1\nkey = '{SERIAL}'\n", "notes.md": f"see {TICKET}"})
    result = _run(".")
    assert result.exit_code == 0, result.output
    assert "src/config.py:2:8" in result.stdout
    assert "notes.md:1:5" in result.stdout
    assert "VAULT_KEY" in result.stdout
    assert "critical" in result.stdout
    assert "Scanned 2 files" in result.stdout
    assert "2 findings (" in result.stdout


def test_json_output_has_every_field_and_no_value(cwd: Path) -> None:
    _write(cwd, {"a.txt": f"first line\n  {TICKET} end\n"})
    result = _run("a.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    (finding,) = document["findings"]
    assert finding == {
        "path": "a.txt",
        "line": 2,
        "column": 3,
        "end_line": 2,
        "end_column": 13,
        "start": 13,
        "end": 23,
        "entity": "TICKET",
        "category": "custom",
        "severity": "high",
        "score": 0.85,
        "detector": "custom_patterns",
        "scope": "span",
        "preview": "********56",
        "detail": None,
    }
    assert document["summary"]["files_scanned"] == 1
    assert document["summary"]["findings_by_entity"] == {"TICKET": 1}
    assert document["errors"] == []


@pytest.mark.parametrize("fmt", ["table", "json", "sarif"])
def test_no_detected_value_is_printed_in_any_format(cwd: Path, fmt: str) -> None:
    _write(cwd, {"a.txt": f"{TICKET}\n{SERIAL}\n{LOWTAG}\n"})
    result = _run("a.txt", "-", "--format", fmt, stdin=f"piped {TICKET}")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("****") >= 4
    for value in VALUES:
        assert value not in result.stdout
        assert value not in result.stderr


def test_stdin_is_scanned_under_the_name_given(cwd: Path) -> None:
    result = _run("-", "--format", "json", "--stdin-filename", "prompt.txt", stdin=f"hi {TICKET}")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["column"]) for f in findings] == [("prompt.txt", 1, 4)]


def test_sarif_output_names_files_relative_to_the_working_directory(cwd: Path) -> None:
    _write(cwd, {"pkg/mod.py": f"k = '{SERIAL}'"})
    result = _run("pkg", "--format", "sarif")
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "pkg/mod.py"


@pytest.mark.parametrize(
    ("content", "fail_on", "code"),
    [
        (LOWTAG, "low", 1),
        (LOWTAG, "medium", 0),
        (TICKET, "medium", 1),
        (TICKET, "high", 1),
        (TICKET, "critical", 0),
        (SERIAL, "critical", 1),
        ("nothing here", "low", 0),
        (SERIAL, None, 0),  # without --fail-on findings are reported, not failed
    ],
)
def test_fail_on_sets_the_exit_code(
    cwd: Path, content: str, fail_on: str | None, code: int
) -> None:
    _write(cwd, {"f.txt": content})
    args = ["f.txt"] if fail_on is None else ["f.txt", "--fail-on", fail_on]
    result = _run(*args)
    assert result.exit_code == code, result.output


def test_an_unreadable_file_is_reported_and_the_run_goes_on(cwd: Path) -> None:
    _write(cwd, {"good.txt": TICKET})
    os.symlink(cwd / "vanished.txt", cwd / "broken-link.txt")
    result = _run("broken-link.txt", "good.txt", "--format", "json")
    assert result.exit_code == 2
    assert "broken-link.txt: no such file or directory" in result.stderr
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["findings"]] == ["good.txt"]
    assert document["errors"] == [{"path": "broken-link.txt", "error": "no such file or directory"}]


def test_a_failing_threshold_wins_over_read_errors(cwd: Path) -> None:
    _write(cwd, {"good.txt": TICKET})
    result = _run("missing.txt", "good.txt", "--fail-on", "high")
    assert result.exit_code == 1
    assert "missing.txt: no such file or directory" in result.stderr


def test_binary_and_ignored_files_are_skipped(cwd: Path) -> None:
    _write(cwd, {".gitignore": "*.log\n", "app.log": TICKET, "text.txt": "clean"})
    (cwd / "image.png").write_bytes(b"\x89PNG\x00" + TICKET.encode())
    result = _run(".", "--fail-on", "low")
    assert result.exit_code == 0, result.output
    assert "Scanned 2 files" in result.stdout
    assert "1 binary file skipped" in result.stdout


@pytest.mark.parametrize("flag", ["TICKET", "ticket", "LOWTAG,TICKET"])
def test_entities_restricts_what_is_reported(cwd: Path, flag: str) -> None:
    _write(cwd, {"f.txt": f"{TICKET} {SERIAL}"})
    result = _run("f.txt", "--format", "json", "--entities", flag)
    assert result.exit_code == 0, result.output
    assert [f["entity"] for f in json.loads(result.stdout)["findings"]] == ["TICKET"]


def test_an_unknown_entity_is_a_usage_error(cwd: Path) -> None:
    _write(cwd, {"f.txt": TICKET})
    result = _run("f.txt", "--entities", "NOPE")
    assert result.exit_code == 2
    assert "unknown entities: NOPE" in result.output


def test_min_score_drops_weaker_findings(cwd: Path) -> None:
    _write(cwd, {"f.txt": TICKET})
    kept = _run("f.txt", "--format", "json", "--min-score", "0.8")
    dropped = _run("f.txt", "--format", "json", "--min-score", "0.9")
    assert len(json.loads(kept.stdout)["findings"]) == 1
    assert json.loads(dropped.stdout)["findings"] == []


@pytest.mark.parametrize("fmt", ["table", "json", "sarif"])
def test_output_writes_the_report_to_a_file(cwd: Path, fmt: str) -> None:
    _write(cwd, {"f.txt": TICKET})
    result = _run("f.txt", "--format", fmt, "--output", "report.out")
    assert result.exit_code == 0, result.output
    written = (cwd / "report.out").read_text()
    assert "f.txt" in written
    assert TICKET not in written
    assert "f.txt" not in result.stdout


def test_control_characters_in_file_names_are_escaped(cwd: Path) -> None:
    _write(cwd, {"evil\x1b[2Jname.txt": TICKET})
    result = _run(".")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "evil\\x1b[2Jname.txt:1:1" in result.stdout


def test_help_documents_the_exit_codes() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Exit codes: 0" in text
    for option in ("--format", "--fail-on", "--entities", "--min-score", "--output"):
        assert option in text


def test_no_path_is_a_usage_error() -> None:
    assert _run().exit_code == 2


def test_the_pre_commit_hook_runs_scan_and_blocks_a_high_finding(cwd: Path) -> None:
    hooks_file = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
    (hook,) = yaml.safe_load(hooks_file.read_text())
    assert (hook["id"], hook["language"], hook["types"]) == ("airlock-scan", "python", ["text"])
    program, command, *options = shlex.split(hook["entry"])
    assert (program, command) == ("airlock", "scan")
    _write(cwd, {"clean.txt": "nothing", "staged.txt": f"ref {TICKET}"})
    assert _run(*options, "clean.txt").exit_code == 0
    assert _run(*options, "clean.txt", "staged.txt").exit_code == 1


def test_the_airlock_command_scans_with_the_workspace_config(
    cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = cwd / "ws"
    home.mkdir()
    (home / "airlock.yaml").write_text(
        "version: 1\n"
        "detect:\n"
        "  custom_patterns:\n"
        "    - entity: TICKET\n"
        "      pattern: 'TCK-[0-9]{6}'\n"
        "      severity: critical\n"
    )
    monkeypatch.setenv("AIRLOCK_HOME", str(home))
    result = CliRunner().invoke(
        airlock_app, ["scan", "-", "--format", "json", "--fail-on", "critical"], input=f"x {TICKET}"
    )
    assert result.exit_code == 1, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["entity"], finding["severity"], finding["column"]) == ("TICKET", "critical", 3)
