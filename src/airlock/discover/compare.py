"""Comparing two runs: is usage moving from shadow services to the gateway?"""

from __future__ import annotations

from pydantic import BaseModel

from airlock.discover.model import DiscoveryReport


class ServiceDelta(BaseModel):
    id: str
    name: str
    status: str
    before_requests: int
    after_requests: int
    before_users: int
    after_users: int

    @property
    def change(self) -> int:
        return self.after_requests - self.before_requests


class Comparison(BaseModel):
    """Adoption figures of a previous run and this one."""

    before_run: int | None
    after_run: int | None
    # The periods the two runs cover: counts compare like with like only when they match.
    before_period: str
    after_period: str
    before_sanctioned_share: float
    after_sanctioned_share: float
    before_shadow_users: int
    after_shadow_users: int
    before_shadow_bytes_out: int
    after_shadow_bytes_out: int
    services: list[ServiceDelta]
    new_services: list[str]
    gone_services: list[str]


def _share(report: DiscoveryReport) -> float:
    total = report.totals.ai_events
    return report.totals.sanctioned_requests / total if total else 0.0


def period(report: DiscoveryReport) -> str:
    """'2026-11-01 to 2026-11-07 (7 days)': the days a run's events cover (UTC)."""
    first, last = report.totals.first_seen, report.totals.last_seen
    if first is None or last is None:
        return "no events"
    days = (last.date() - first.date()).days + 1
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d} ({days} day{'s' if days != 1 else ''})"


def _shadow_users(report: DiscoveryReport) -> int:
    return sum(1 for u in report.users if u.shadow_requests)


def compare(before: DiscoveryReport, after: DiscoveryReport) -> Comparison:
    """How AI usage changed from `before` to `after` (per service and overall)."""
    old = {s.id: s for s in before.services}
    new = {s.id: s for s in after.services}
    deltas = []
    for sid in sorted(set(old) | set(new)):
        a, b = old.get(sid), new.get(sid)
        ref = b or a
        assert ref is not None
        deltas.append(
            ServiceDelta(
                id=sid,
                name=ref.name,
                status=ref.status,
                before_requests=a.requests if a else 0,
                after_requests=b.requests if b else 0,
                before_users=a.users if a else 0,
                after_users=b.users if b else 0,
            )
        )
    deltas.sort(key=lambda d: (-abs(d.change), d.id))
    return Comparison(
        before_run=before.run_id,
        after_run=after.run_id,
        before_period=period(before),
        after_period=period(after),
        before_sanctioned_share=_share(before),
        after_sanctioned_share=_share(after),
        before_shadow_users=_shadow_users(before),
        after_shadow_users=_shadow_users(after),
        before_shadow_bytes_out=before.totals.shadow_bytes_out,
        after_shadow_bytes_out=after.totals.shadow_bytes_out,
        services=deltas,
        new_services=sorted(set(new) - set(old)),
        gone_services=sorted(set(old) - set(new)),
    )
