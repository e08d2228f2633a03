"""`airlock assess` end to end: JSON that matches its schema, HTML, stored runs, --compare,
and no sensitive value in any output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from airlock.cli.main import app

from .conftest import Planted, make_rows

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _leaks(text: str, planted: Planted) -> list[str]:
    values = [v for v in planted.column("email") if v] + [v for v in planted.column("phone")]
    return [v for v in values if v.strip() in text]


def test_assess_writes_valid_json_html_and_stores_the_run(
    workspace_env: Path, files: dict[str, Path], planted: Planted, tmp_path: Path
) -> None:
    _invoke("init")
    out = _invoke("assess", str(files["parquet"]), str(files["sqlite"]),
                  "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"))  # fmt: skip
    assert "Data readiness:" in out and "Stored as assessment run 1." in out
    document = json.loads((tmp_path / "r.json").read_text())
    schema = json.loads(_invoke("assess", "--schema"))
    jsonschema.validate(document, schema)
    assert document["schema_version"] == 1 and document["run_id"] == 1
    assert {t["id"] for t in document["traits"]} == {"storage", "quality", "governance",
                                                     "integration"}  # fmt: skip
    html = (tmp_path / "r.html").read_text()
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    for text in (out, (tmp_path / "r.json").read_text(), html):
        assert _leaks(text, planted) == []


def test_compare_shows_what_improved(workspace_env: Path, tmp_path: Path) -> None:
    _invoke("init")
    data = tmp_path / "data"
    data.mkdir()
    messy = make_rows().arrow()
    pq.write_table(messy, data / "customers.parquet")
    _invoke("assess", str(data))
    # Clean up: drop the duplicate rows and the placeholder statuses.
    rows = messy.to_pylist()[:400]
    for row in rows:
        if row["status"] is None or row["status"].strip().lower() in ("n/a", "unknown", "-", ""):
            row["status"] = "active"
    pq.write_table(pa.Table.from_pylist(rows, schema=messy.schema), data / "customers.parquet")
    out = _invoke("assess", str(data), "--compare", "last", "--json", str(tmp_path / "after.json"))
    assert "Compared with run 1" in out
    after = json.loads((tmp_path / "after.json").read_text())
    ids = {i["id"] for i in after["plan"]}
    assert "duplicate_rows:data.customers.parquet" not in ids
    assert "fixed" in out and "0 findings fixed" not in out


def test_no_source_is_a_clear_error(workspace_env: Path) -> None:
    from airlock.errors import ConfigError

    result = runner.invoke(app, ["assess"])
    assert isinstance(result.exception, ConfigError)
    assert "at least one SOURCE" in str(result.exception)


def test_compare_does_not_call_unmeasured_findings_fixed(
    workspace_env: Path, tmp_path: Path
) -> None:
    _invoke("init")
    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(make_rows().arrow(), data / "customers.parquet")
    answers = tmp_path / "assessment.yaml"
    answers.write_text("version: 1\nstorage: {data_catalog: no}\n")
    _invoke("assess", str(data), "--questionnaire", str(answers))
    # The next run reads another folder and answers no questionnaire: nothing was fixed.
    other = tmp_path / "other"
    other.mkdir()
    pq.write_table(pa.table({"id": [1, 2, 3]}), other / "ids.parquet")
    out = _invoke("assess", str(other), "--compare", "last")
    assert "0 findings fixed" in out
    assert "not re-assessed" in out and "questionnaire answers differ" in out
    assert "1 source, 1 table, 1 column, 3 rows" in out
    _invoke("assess", str(other), "--no-store", "--json", str(tmp_path / "o.json"))
    plan = json.loads((tmp_path / "o.json").read_text())["plan"]
    assert f"top {len(plan)} of {len(plan)}" in out and len(plan) < 10


def test_a_source_that_cannot_be_opened_counts_in_no_figure(
    workspace_env: Path, files: dict[str, Path], tmp_path: Path
) -> None:
    out = _invoke("assess", str(files["parquet"]), "postgresql://nobody@127.0.0.1:1/nowhere",
                  "--no-store", "--json", str(tmp_path / "r.json"))  # fmt: skip
    report = json.loads((tmp_path / "r.json").read_text())
    failed = next(s for s in report["sources"] if s["engine"] == "none")
    assert failed["errors"] and failed["reachable_by"] == "connection"
    assert "nowhere" in out  # listed as not assessed
    estate = report["estate"]
    assert (estate["sources"], estate["export_sources"], estate["connection_sources"]) == (1, 1, 0)
    exports = next(i for i in report["plan"] if i["id"].startswith("manual_export:"))
    assert exports["title"].startswith("1 of 1 sources") and "nobody" not in exports["detail"]
