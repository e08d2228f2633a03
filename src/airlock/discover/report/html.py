"""The self-contained HTML report (inline CSS and SVG; opens offline, prints cleanly)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from jinja2 import Environment, PackageLoader, select_autoescape

from airlock.discover.compare import Comparison
from airlock.discover.model import DiscoveryReport
from airlock.discover.report.charts import SHADOW, STATUS_COLOURS, bar_chart, stacked_days
from airlock.discover.report.exports import human_bytes

TOP = 25
MAX_FILLED_DAYS = 731


def _every_day(per_day: dict[date, list[int]]) -> dict[date, list[int]]:
    """`per_day` with the quiet days in between as zeros, so the x axis is true time."""
    if not per_day or (max(per_day) - min(per_day)).days > MAX_FILLED_DAYS:
        return per_day
    first, span = min(per_day), (max(per_day) - min(per_day)).days
    days = (first + timedelta(days=n) for n in range(span + 1))
    return {day: per_day.get(day, [0, 0]) for day in days}


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("airlock.discover.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bytes"] = human_bytes
    env.filters["pct"] = lambda value: f"{value:.0%}"
    return env


def to_html(report: DiscoveryReport, comparison: Comparison | None = None) -> str:
    """The report as one HTML document."""
    statuses = {s.id: s.status for s in report.services}
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for point in report.daily:
        slot = 0 if statuses.get(point.service_id) == "sanctioned" else 1
        per_day[point.day][slot] += point.requests
    days = [(day, counts[0], counts[1]) for day, counts in sorted(_every_day(per_day).items())]
    by_requests = sorted(report.services, key=lambda s: -s.requests)[:15]
    services_chart = bar_chart(
        [(s.name, s.requests, STATUS_COLOURS.get(s.status, "#555")) for s in by_requests]
    )
    departments_chart = bar_chart(
        [
            (d.department, d.shadow_bytes_out, SHADOW)
            for d in report.departments[:12]
            if d.shadow_bytes_out
        ],
        fmt=lambda value: human_bytes(int(value)),
    )
    names = {s.id: s.name for s in report.services}
    totals = report.totals
    share = totals.sanctioned_requests / totals.ai_events if totals.ai_events else 0.0
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        totals=totals,
        share=share,
        names=names,
        top=TOP,
        services_chart=services_chart,
        trend_chart=stacked_days(days),
        departments_chart=departments_chart,
        comparison=comparison,
        status_colours=STATUS_COLOURS,
    )
