"""The JSON document (schema: `AssessmentReport.model_json_schema()`, docs/assess.md)."""

from __future__ import annotations

import json

from airlock.assess.model import AssessmentReport


def to_json(report: AssessmentReport) -> str:
    return report.model_dump_json(indent=2)


def json_schema() -> str:
    return json.dumps(AssessmentReport.model_json_schema(), indent=2)
