"""Rendering an assessment: terminal summary, JSON, self-contained HTML."""

from airlock.assess.report.exports import to_json

__all__ = ["to_json"]
