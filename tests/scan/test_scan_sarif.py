"""SARIF output: valid against the official 2.1.0 schema, relative URIs, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from airlock.detect import DetectConfig, Engine
from airlock.detect.config import CustomPattern
from airlock.scan import ScanReport, ScanService, discover, to_sarif
from airlock.scan.model import ScanError, ScanFinding
from airlock.scan.sarif import FINGERPRINT_KEY, SARIF_SCHEMA

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
TICKET = "TCK-" + "123456"
SERIAL = "VK-" + "AB12CD34"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(
        DetectConfig(
            custom_patterns=[
                CustomPattern(entity="TICKET", pattern=r"TCK-[0-9]{6}", severity="high"),
                CustomPattern(entity="VAULT_KEY", pattern=r"VK-[A-F0-9]{8}", severity="critical"),
                CustomPattern(entity="LOWTAG", pattern=r"LOW-[0-9]{4}", severity="low"),
            ]
        )
    )


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sarif(engine: Engine, base: Path, *paths: str) -> tuple[ScanReport, dict[str, Any]]:
    report = ScanService(engine).run(discover(list(paths)))
    return report, to_sarif(report, engine.entities, base=base)


def test_the_log_validates_against_the_sarif_2_1_0_schema(engine: Engine, cwd: Path) -> None:
    (cwd / "src").mkdir()
    (cwd / "src" / "app config.py").write_text(f"a = '{TICKET}'\nb = '{SERIAL}'\nLOW-1234\n")
    _, log = _sarif(engine, cwd, "src", "missing.txt")
    validator = Draft4Validator(SCHEMA)
    assert not validator.is_valid({"runs": []})  # the schema does reject a broken log
    errors = [e.message for e in validator.iter_errors(log)]
    assert errors == []
    assert log["$schema"] == SARIF_SCHEMA == SCHEMA["id"]
    assert log["version"] == "2.1.0"


def test_rules_results_and_locations_are_filled_in(engine: Engine, cwd: Path) -> None:
    (cwd / "src").mkdir()
    (cwd / "src" / "app config.py").write_text(f"a = '{TICKET}'\n  b = '{SERIAL}'\n")
    _, log = _sarif(engine, cwd, "src")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "airlock"
    assert driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {"TICKET", "VAULT_KEY"}
    assert rules["VAULT_KEY"]["properties"]["security-severity"] == "9.5"
    assert rules["TICKET"]["properties"]["security-severity"] == "8.0"
    assert rules["TICKET"]["shortDescription"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    by_rule = {result["ruleId"]: result for result in run["results"]}
    ticket = by_rule["TICKET"]
    assert ticket["level"] == "error"
    assert driver["rules"][ticket["ruleIndex"]]["id"] == "TICKET"
    location = ticket["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/app%20config.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 16}
    vault = by_rule["VAULT_KEY"]["locations"][0]["physicalLocation"]["region"]
    assert (vault["startLine"], vault["startColumn"]) == (2, 8)
    assert FINGERPRINT_KEY in ticket["partialFingerprints"]
    assert "********" in ticket["message"]["text"]


def test_no_detected_value_appears_anywhere_in_the_log(engine: Engine, cwd: Path) -> None:
    (cwd / "f.txt").write_text(f"{TICKET} {SERIAL} LOW-1234")
    _, log = _sarif(engine, cwd, "f.txt")
    dumped = json.dumps(log)
    for value in (TICKET, SERIAL, "LOW-1234", TICKET[4:], SERIAL[3:]):
        assert value not in dumped


def test_fingerprints_follow_a_finding_when_lines_move_and_tell_repeats_apart(
    engine: Engine, cwd: Path
) -> None:
    (cwd / "f.txt").write_text(f"{TICKET}\n{TICKET}\n")
    _, before = _sarif(engine, cwd, "f.txt")
    (cwd / "f.txt").write_text(f"inserted line\n\n{TICKET}\n{TICKET}\n")
    _, after = _sarif(engine, cwd, "f.txt")

    def prints(log: dict[str, Any]) -> list[str]:
        return [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]

    assert prints(before) == prints(after)
    assert len(set(prints(before))) == 2


def test_files_outside_the_base_get_absolute_uris(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "outside.txt").write_text(TICKET)
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    _, log = _sarif(engine, tmp_path / "repo", "../outside.txt")
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": (tmp_path / "outside.txt").as_uri()}


def test_read_errors_become_notifications_and_document_findings_sit_on_line_1(
    engine: Engine, cwd: Path
) -> None:
    document = ScanFinding(
        path="app.py",
        line=None,
        column=None,
        end_line=None,
        end_column=None,
        start=0,
        end=40,
        entity="SOURCE_CODE",
        category="code",
        severity=engine.entities["LOWTAG"].severity,
        score=0.9,
        detector="code",
        preview="<source_code>",
        scope="document",
        detail="python",
    )
    report = ScanReport(findings=[document], errors=[ScanError("locked.txt", "permission denied")])
    log = to_sarif(report, engine.entities, base=cwd)
    assert Draft4Validator(SCHEMA).is_valid(log)
    run = log["runs"][0]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}
    assert run["results"][0]["level"] == "note"
    assert run["results"][0]["message"]["text"].endswith("in this file (python).")
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["level"] == "error"
    assert "permission denied" in notification["message"]["text"]
