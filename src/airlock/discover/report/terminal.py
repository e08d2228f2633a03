"""The rich terminal summary of a run (renderables only; the CLI prints them)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from airlock.discover.compare import Comparison
from airlock.discover.model import DiscoveryReport, Level
from airlock.discover.report.exports import human_bytes

LEVEL_STYLE = {
    Level.critical: "bold red",
    Level.high: "red",
    Level.medium: "yellow",
    Level.low: "green",
}
STATUS_STYLE = {
    "sanctioned": "green",
    "tolerated": "yellow",
    "prohibited": "bold red",
    "unsanctioned": "magenta",
}


def _when(report: DiscoveryReport) -> str:
    t = report.totals
    if t.first_seen is not None and t.last_seen is not None:
        return f"{t.first_seen:%Y-%m-%d %H:%M} to {t.last_seen:%Y-%m-%d %H:%M} UTC"
    if t.logs_first_seen is not None and t.logs_last_seen is not None:
        return (
            f"no events in the --since/--until window; the logs hold "
            f"{t.logs_first_seen:%Y-%m-%d %H:%M} to {t.logs_last_seen:%Y-%m-%d %H:%M} UTC"
        )
    return "no events"


def summary(report: DiscoveryReport, *, top: int = 15) -> RenderableType:
    """Headline, services, people, departments, recommendations, input problems."""
    t = report.totals
    share = t.sanctioned_requests / t.ai_events if t.ai_events else 0.0
    head = Text.assemble(
        ("Shadow-AI discovery", "bold"),
        f"  {t.files} file(s), {t.lines:,} lines ({t.malformed:,} malformed), ",
        f"{t.events:,} events, {_when(report)}\n",
        (f"{t.ai_services} AI services", "bold"),
        f", {t.ai_events:,} requests by {t.ai_users:,} people; ",
        (f"{share:.0%} through sanctioned services", "green" if share >= 0.5 else "yellow"),
        f"; {human_bytes(t.shadow_bytes_out)} sent to non-sanctioned services.",
    )
    parts: list[RenderableType] = [head]
    if report.services:
        parts.append(_services(report, top))
    if report.users:
        parts.append(_people(report, top))
    if len(report.departments) > 1 or (
        report.departments and report.departments[0].department != "unassigned"
    ):
        parts.append(_departments(report, top))
    if report.recommendations:
        parts.append(_recommendations(report, top))
    problems = _problems(report)
    if problems is not None:
        parts.append(problems)
    return Group(*parts)


def _risk(level: Level, score: int) -> Text:
    return Text(f"{score} {level.value}", style=LEVEL_STYLE[level])


def _services(report: DiscoveryReport, top: int) -> Table:
    # Category and bytes received stay in the JSON/HTML/CSV: the terminal keeps what a
    # decision needs, so the table still fits an 80-column terminal.
    table = Table(title="AI services", title_justify="left", expand=False)
    table.add_column("Service")
    table.add_column("Status")
    for name in ("Requests", "People", "Sent"):
        table.add_column(name, justify="right")
    table.add_column("Risk", min_width=12)
    for s in report.services[:top]:
        table.add_row(
            s.name,
            Text(s.status, style=STATUS_STYLE.get(s.status, "")),
            f"{s.requests:,}",
            f"{s.users:,}",
            human_bytes(s.bytes_out),
            _risk(s.risk.level, s.risk.score),
        )
    if len(report.services) > top:
        table.caption = f"{len(report.services) - top} more in the JSON/HTML report"
    return table


def _people(report: DiscoveryReport, top: int) -> Table:
    table = Table(title="People", title_justify="left")
    for name in ("Person", "Department", "Services"):
        table.add_column(name)
    for name in ("To shadow", "Largest"):
        table.add_column(name, justify="right")
    table.add_column("Risk", min_width=12)
    for u in report.users[:top]:
        table.add_row(
            u.person,
            u.department,
            ", ".join(u.services[:4]) + (" …" if len(u.services) > 4 else ""),
            human_bytes(u.shadow_bytes_out),
            human_bytes(u.largest_upload),
            _risk(u.risk.level, u.risk.score),
        )
    return table


def _departments(report: DiscoveryReport, top: int) -> Table:
    table = Table(title="Departments", title_justify="left")
    for name in ("Department", "People", "Shadow people", "Shadow requests", "Shadow sent"):
        table.add_column(name)
    for d in report.departments[:top]:
        table.add_row(
            d.department,
            f"{d.users:,}",
            f"{d.shadow_users:,}",
            f"{d.shadow_requests:,}",
            human_bytes(d.shadow_bytes_out),
        )
    return table


def _recommendations(report: DiscoveryReport, top: int) -> Table:
    table = Table(title="Recommendations", title_justify="left", show_lines=False)
    table.add_column("Action")
    table.add_column("What")
    table.add_column("Why")
    for r in report.recommendations[:top]:
        table.add_row(r.kind.value, r.title, r.detail)
    return table


def _problems(report: DiscoveryReport) -> Table | None:
    rows = [f for f in report.files if f.malformed or f.error]
    if not rows and not report.skipped:
        return None
    table = Table(title="Input problems (examples masked)", title_justify="left")
    table.add_column("File")
    table.add_column("Problem")
    for f in rows:
        problem = f.error or f"{f.malformed:,} malformed of {f.lines:,} lines"
        examples = "\n".join(f.examples)
        table.add_row(f.path, problem + (f"\n{examples}" if examples else ""))
    for s in report.skipped:
        table.add_row(s.path, f"skipped: {s.reason}")
    return table


def comparison(result: Comparison, *, top: int = 10) -> RenderableType:
    """Adoption then and now, and the services that moved most."""
    head = Text.assemble(
        ("Compared with run ", "bold"),
        (str(result.before_run or "file"), "bold"),
        f" ({result.before_period}; now {result.after_period})",
        f": sanctioned share {result.before_sanctioned_share:.0%} → ",
        (f"{result.after_sanctioned_share:.0%}", "bold"),
        f", people on shadow services {result.before_shadow_users} → {result.after_shadow_users}",
        f", shadow uploads {human_bytes(result.before_shadow_bytes_out)} → "
        f"{human_bytes(result.after_shadow_bytes_out)}",
    )
    table = Table(title="Biggest changes", title_justify="left")
    for name in ("Service", "Status", "Requests before", "after", "People before", "after"):
        table.add_column(name)
    for d in result.services[:top]:
        table.add_row(
            d.name,
            d.status,
            f"{d.before_requests:,}",
            f"{d.after_requests:,}",
            f"{d.before_users:,}",
            f"{d.after_users:,}",
        )
    return Group(head, table)
