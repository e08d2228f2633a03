"""The discovery analyses, written once as ibis expressions over the normalized `events` table.

Nothing here is DuckDB-specific: the same expressions run on any ibis backend (DuckDB on one
machine today, Spark for issue 8). Host-to-service matching happens on the distinct hosts only
(a few thousand rows), and the result joins back as a small table, so the engine never needs
the catalog's wildcard logic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

Row = dict[str, Any]
UNASSIGNED = "unassigned"
MAX_UPLOADS = 50
HOSTS_PER_SERVICE = 5


@dataclass(frozen=True)
class Window:
    """Events with since <= ts < until (either bound optional)."""

    since: datetime | None = None
    until: datetime | None = None


@dataclass
class Usage:
    """Raw aggregates of one run, before scoring."""

    totals: Row
    services: list[Row]
    hosts: list[Row]
    daily: list[Row]
    user_services: list[Row]
    uploads: list[Row]
    matched_hosts: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _rows(backend: Any, expr: ir.Table) -> list[Row]:
    table: pa.Table = backend.to_pyarrow(expr)
    rows: list[Row] = table.to_pylist()
    return rows


def windowed(events: ir.Table, window: Window) -> ir.Table:
    """`events` restricted to the window."""
    if window.since is not None:
        events = events.filter(events.ts >= window.since)
    if window.until is not None:
        events = events.filter(events.ts < window.until)
    return events


def distinct_hosts(backend: Any, events: ir.Table) -> list[str]:
    """Every host name seen (NULLs left out)."""
    hosts = events.filter(events.host.notnull()).select("host").distinct()
    return [row["host"] for row in _rows(backend, hosts)]


def attributed(events: ir.Table, host_map: ir.Table, identities: ir.Table | None) -> ir.Table:
    """AI events only, with `service_id`, and `person`/`department` from the identity map.

    Attribution order: identity of the log's user name, identity of the source IP, the log's
    user name, the source IP.
    """
    ai = events.inner_join(host_map, "host")
    if identities is None:
        return ai.mutate(
            person=ibis.coalesce(ai.user, ai.src_ip, ibis.literal("unknown")),
            department=ibis.literal(UNASSIGNED),
        )
    by_user = identities.rename(u_key="key", u_person="person", u_department="department")
    by_ip = identities.rename(i_key="key", i_person="person", i_department="department")
    ai = ai.left_join(by_user, ai.user == by_user.u_key)
    ai = ai.left_join(by_ip, ai.src_ip == by_ip.i_key)
    return ai.mutate(
        person=ibis.coalesce(ai.u_person, ai.i_person, ai.user, ai.src_ip, ibis.literal("unknown")),
        department=ibis.coalesce(ai.u_department, ai.i_department, ibis.literal(UNASSIGNED)),
    ).drop("u_key", "u_person", "u_department", "i_key", "i_person", "i_department")


def analyze(
    backend: Any,
    events: ir.Table,
    *,
    match: Callable[[str], str | None],
    identities: Sequence[tuple[str, str, str]] = (),
    shadow_ids: Sequence[str] = (),
    large_upload_bytes: int = 1_000_000,
    window: Window = Window(),
) -> Usage:
    """Aggregate AI usage in `events`; `match` maps a host to a service id (or None)."""
    span: Row = {}
    if window.since is not None or window.until is not None:
        # What the logs hold outside the window, so an empty window can be explained.
        span = _rows(
            backend,
            events.aggregate(logs_first_seen=events.ts.min(), logs_last_seen=events.ts.max()),
        )[0]
    events = windowed(events, window)
    totals = _rows(
        backend,
        events.aggregate(
            events=events.count(),
            first_seen=events.ts.min(),
            last_seen=events.ts.max(),
        ),
    )[0]
    totals.update(span)
    pairs = [(host, sid) for host in distinct_hosts(backend, events) if (sid := match(host))]
    host_map = ibis.memtable(
        pa.table(
            {"host": [h for h, _ in pairs], "service_id": [s for _, s in pairs]},
            schema=pa.schema([("host", pa.string()), ("service_id", pa.string())]),
        )
    )
    ids = None
    if identities:
        ids = ibis.memtable(
            pa.table(
                {
                    "key": [k for k, _, _ in identities],
                    "person": [p for _, p, _ in identities],
                    "department": [d for _, _, d in identities],
                }
            )
        )
    ai = attributed(events, host_map, ids)
    return Usage(
        totals=totals,
        services=_rows(backend, _per_service(ai)),
        hosts=_rows(backend, _per_host(ai)),
        daily=_rows(backend, _per_day(ai)),
        user_services=_rows(backend, _per_user_service(ai)),
        uploads=_rows(backend, _largest_uploads(ai, shadow_ids, large_upload_bytes)),
        matched_hosts=len(pairs),
    )


def _per_service(ai: ir.Table) -> ir.Table:
    return ai.group_by("service_id").aggregate(
        requests=ai.count(),
        users=ai.person.nunique(),
        bytes_out=ai.bytes_out.sum().fill_null(0),
        bytes_in=ai.bytes_in.sum().fill_null(0),
        first_seen=ai.ts.min(),
        last_seen=ai.ts.max(),
    )


def _per_host(ai: ir.Table) -> ir.Table:
    counts = ai.group_by(["service_id", "host"]).aggregate(requests=ai.count())
    rank = ibis.row_number().over(
        group_by=counts.service_id, order_by=[counts.requests.desc(), counts.host]
    )
    return counts.mutate(rank=rank).filter(lambda t: t["rank"] < HOSTS_PER_SERVICE)


def _per_day(ai: ir.Table) -> ir.Table:
    return (
        ai.mutate(day=ai.ts.date())
        .group_by(["day", "service_id"])
        .aggregate(
            requests=lambda t: t.count(),
            users=lambda t: t.person.nunique(),
            bytes_out=lambda t: t.bytes_out.sum().fill_null(0),
        )
        .order_by(["day", "service_id"])
    )


def _per_user_service(ai: ir.Table) -> ir.Table:
    return ai.group_by(["person", "department", "service_id"]).aggregate(
        requests=ai.count(),
        bytes_out=ai.bytes_out.sum().fill_null(0),
        largest_upload=ai.bytes_out.max().fill_null(0),
    )


def _largest_uploads(ai: ir.Table, shadow_ids: Sequence[str], threshold: int) -> ir.Table:
    shadow = ai.filter(ai.service_id.isin(list(shadow_ids)) & (ai.bytes_out >= threshold))
    return (
        shadow.select("ts", "person", "department", "src_ip", "service_id", "host", "bytes_out")
        .order_by([ibis.desc("bytes_out"), "ts"])
        .limit(MAX_UPLOADS)
    )
