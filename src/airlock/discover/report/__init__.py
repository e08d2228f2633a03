"""Rendering a discovery report: JSON, CSV, rich terminal summary, self-contained HTML."""

from airlock.discover.report.exports import human_bytes, to_csv, to_json

__all__ = ["human_bytes", "to_csv", "to_json"]
