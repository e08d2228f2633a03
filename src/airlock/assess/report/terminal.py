"""The rich terminal summary: scores, maturity, hierarchy, the top of the plan."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from airlock.assess.compare import Comparison
from airlock.assess.model import AssessmentReport

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


def _bar(score: int, width: int = 20) -> Text:
    filled = round(width * score / 100)
    style = "green" if score >= 75 else "yellow" if score >= 50 else "red"
    return Text("█" * filled + "░" * (width - filled), style=style)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def summary(report: AssessmentReport, *, top: int = 10) -> RenderableType:
    """Everything a reader needs in one screen."""
    e = report.estate
    head = Text.assemble(
        ("Data readiness: ", "bold"),
        (f"{report.maturity.name} (level {report.maturity.level}/5, score {report.overall})",
         "bold cyan"),
        f"\n{_n(e.sources, 'source')}, {_n(e.tables, 'table')}, {_n(e.columns, 'column')}, "
        f"{_n(e.rows, 'row')} "
        f"in {report.seconds:.1f}s; {report.maturity.description}",
    )  # fmt: skip
    scores = Table(title="Traits", show_edge=False, title_justify="left")
    for name in ("trait", "score", "", "evidence"):
        scores.add_column(name)
    for trait in report.traits:
        scores.add_row(trait.name, str(trait.score), _bar(trait.score), trait.evidence)
    stages = Text("Hierarchy of needs: ")
    for stage in report.hierarchy.stages:
        stages.append(f"{'✔' if stage.reached else '✘'} {stage.name}  ",
                      style="green" if stage.reached else "red")  # fmt: skip
    blocked = next((s for s in report.hierarchy.stages if not s.reached), None)
    if blocked is not None:
        stages.append(f"\nBlocks {blocked.name}: " + "; ".join(blocked.blockers), style="dim")
    plan = Table(title=f"Remediation plan (top {min(top, len(report.plan))} of {len(report.plan)})", show_edge=False,
                 title_justify="left")  # fmt: skip
    plan.add_column("severity")
    plan.add_column("finding", overflow="fold")
    plan.add_column("evidence")
    for item in report.plan[:top]:
        plan.add_row(Text(item.severity, style=SEVERITY_STYLE[item.severity]), item.title,
                     item.evidence)  # fmt: skip
    errors = [f"{s.name}: {err}" for s in report.sources for err in s.errors]
    errors += [f"{s.name}.{t.name}: failed ({t.error})" for s in report.sources for t in s.tables
               if t.error]  # fmt: skip
    parts: list[RenderableType] = [head, scores, stages, plan]
    if errors:
        parts.append(Text("Not assessed:\n  " + "\n  ".join(errors), style="yellow"))
    return Group(*parts)


def comparison(result: Comparison) -> RenderableType:
    table = Table(title=f"Compared with run {result.before_run or '(file)'}", show_edge=False,
                  title_justify="left")  # fmt: skip
    for name in ("", "before", "after", "change"):
        table.add_column(name)
    table.add_row("overall", str(result.before_overall), str(result.after_overall),
                  f"{result.after_overall - result.before_overall:+d}")  # fmt: skip
    for t in result.traits:
        table.add_row(t.name, str(t.before), str(t.after), f"{t.change:+d}")
    text = Text(f"{len(result.fixed)} findings fixed, {len(result.improved)} improved, "
                f"{len(result.worsened)} worse, {len(result.new)} new")  # fmt: skip
    if result.not_reassessed:
        text.append(f"; {len(result.not_reassessed)} not re-assessed (source, table or "
                    "question missing from this run)")  # fmt: skip
    if result.declared_changed:
        text.append("\nThe questionnaire answers differ between the runs: declared criteria "
                    "moved the scores too.")  # fmt: skip
    return Group(table, text)
