"""The self-contained HTML report (inline CSS and SVG; opens offline, prints cleanly)."""

from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from airlock.assess.compare import Comparison
from airlock.assess.model import AssessmentReport
from airlock.assess.report.charts import colour, pyramid, share_bar, trait_bars


def _code(text: str) -> Markup:
    """Escape `text`, then show `backticked` names as code."""
    escaped = str(escape(text))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S704 - escaped first


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("airlock.assess.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.1%}"
    env.filters["num"] = lambda v: "–" if v is None else f"{v:,}"
    env.filters["sharebar"] = share_bar
    env.filters["colour"] = colour
    env.filters["code"] = _code
    return env


def to_html(report: AssessmentReport, comparison: Comparison | None = None) -> str:
    """The report as one HTML document."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        traits_chart=trait_bars(report.traits),
        pyramid=pyramid(report.hierarchy),
        comparison=comparison,
        blocked=next((s for s in report.hierarchy.stages if not s.reached), None),
    )
