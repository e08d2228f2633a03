"""Recommendations: who to move to the gateway first, which services to block or review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from airlock.discover.analyze import UNASSIGNED
from airlock.discover.config import Status
from airlock.discover.model import (
    DepartmentUsage,
    Level,
    Recommendation,
    RecommendationKind,
    ServiceUsage,
    UserUsage,
)
from airlock.discover.risk import megabytes

TOP_DEPARTMENTS = 5
TOP_PEOPLE = 10
TOP_REVIEWS = 5


def recommend(
    services: Sequence[ServiceUsage],
    users: Sequence[UserUsage],
    departments: Sequence[DepartmentUsage],
    enterprise: Mapping[str, bool | None],
) -> list[Recommendation]:
    """Ordered advice; `enterprise` tells which services offer an enterprise plan."""
    out: list[Recommendation] = []
    reviews = 0
    names = {s.id: s.name for s in services}
    sanctioned = {s.id for s in services if s.status == Status.sanctioned}
    for service in sorted(services, key=lambda s: (-s.risk.score, -s.requests)):
        if service.status == Status.prohibited:
            out.append(
                _rec(
                    RecommendationKind.block,
                    1,
                    service.id,
                    f"Block {service.name}",
                    f"Prohibited but used by {_count(service.users, 'person', 'people')} "
                    f"({_count(service.requests, 'request')}, "
                    f"{megabytes(service.bytes_out)} sent).",
                )
            )
        elif service.status == Status.unsanctioned and service.risk.level is Level.critical:
            out.append(
                _rec(
                    RecommendationKind.block,
                    2,
                    service.id,
                    f"Block {service.name} or offer a sanctioned alternative",
                    f"Risk {service.risk.score}/100: {'; '.join(service.risk.reasons)}.",
                )
            )
        elif (
            service.status == Status.unsanctioned
            and service.dedicated
            and enterprise.get(service.id)
            and service.users >= 2
            and reviews < TOP_REVIEWS
        ):
            reviews += 1
            out.append(
                _rec(
                    RecommendationKind.review,
                    3,
                    service.id,
                    f"Consider offering {service.name} through the gateway",
                    f"{service.users} people use it and the vendor has an enterprise plan; "
                    "routing it through Airlock keeps the demand and adds controls.",
                )
            )
    # "unassigned" gathers people the identity map does not know: not a team to talk to.
    shadow_departments = [
        d for d in departments if d.shadow_requests and d.department != UNASSIGNED
    ]
    ranked = sorted(shadow_departments, key=lambda d: (-d.shadow_bytes_out, -d.shadow_requests))
    for rank, dept in enumerate(ranked[:TOP_DEPARTMENTS], start=1):
        top = ", ".join([names.get(s, s) for s in dept.services if s not in sanctioned][:3])
        out.append(
            _rec(
                RecommendationKind.migrate,
                rank,
                dept.department,
                f"Move {dept.department} to the gateway",
                f"{_count(dept.shadow_users, 'person', 'people')}, "
                f"{_count(dept.shadow_requests, 'request')} and "
                f"{megabytes(dept.shadow_bytes_out)} to non-sanctioned services ({top}).",
            )
        )
    people = [u for u in users if u.shadow_requests]
    people.sort(key=lambda u: (-u.risk.score, -u.shadow_bytes_out, u.person))
    for rank, user in enumerate(people[:TOP_PEOPLE], start=1):
        out.append(
            _rec(
                RecommendationKind.migrate,
                TOP_DEPARTMENTS + rank,
                user.person,
                f"Reach out to {user.person} ({user.department})",
                f"Risk {user.risk.score}/100: {'; '.join(user.risk.reasons)}.",
            )
        )
    return out


def _rec(
    kind: RecommendationKind, priority: int, target: str, title: str, detail: str
) -> Recommendation:
    return Recommendation(kind=kind, priority=priority, target=target, title=title, detail=detail)


def _count(n: int, one: str, many: str | None = None) -> str:
    """'1 person', '3 people', '1,200 requests'."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
