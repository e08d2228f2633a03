"""Running a discovery: read the logs, find AI services, score, recommend. No printing here."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import ibis
import ibis.expr.types as ir

from airlock import __version__
from airlock.discover.analyze import Row, Usage, Window, analyze
from airlock.discover.catalog import Catalog, load_catalog, matcher_for, normalize_host
from airlock.discover.catalog.match import DomainMatcher
from airlock.discover.config import GATEWAY_ID, DiscoverConfig, Status
from airlock.discover.identity import load_identity_map
from airlock.discover.ingest import Progress, Workbench, ingest
from airlock.discover.model import (
    DailyPoint,
    DepartmentUsage,
    DiscoveryReport,
    FileReport,
    ServiceUsage,
    SkippedFile,
    Totals,
    Upload,
    UserUsage,
)
from airlock.discover.readers import REGISTRY, Reader
from airlock.discover.recommend import recommend
from airlock.discover.risk import ServiceFacts, person_risk, service_risk
from airlock.discover.sources import expand, plan
from airlock.errors import ConfigError, SourceError


@dataclass
class DiscoverRequest:
    inputs: list[str]
    config: DiscoverConfig = field(default_factory=DiscoverConfig)
    format: str | None = None
    window: Window = field(default_factory=Window)
    memory_limit: str = "1GB"
    threads: int | None = None


def available_readers(config: DiscoverConfig) -> list[Reader]:
    """Built-in readers, then one per column mapping (shipped and configured)."""
    readers: list[Reader] = [cls() for cls in REGISTRY.values()]
    from airlock.discover.readers.mapped import mapped_readers

    return readers + mapped_readers(config.mappings)


def _facts(catalog: Catalog, config: DiscoverConfig) -> dict[str, ServiceFacts]:
    known = catalog.by_id()
    unknown = [sid for sid in config.services if sid not in known]
    if unknown:
        path, line = config.where(unknown[0])
        close = difflib.get_close_matches(unknown[0], list(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"services.{unknown[0]}: not in the AI service catalog{hint}", path=path, line=line
        )
    facts = {
        s.id: ServiceFacts(
            s.name, config.services.get(s.id, Status.unsanctioned), s.dedicated, s.risk
        )
        for s in catalog.services
    }
    facts[GATEWAY_ID] = ServiceFacts("Airlock gateway", Status.sanctioned, True, None)
    return facts


MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)


def check_request(request: DiscoverRequest) -> None:
    """Raise ConfigError for options that cannot work (an empty window, a bad memory limit)."""
    since, until = request.window.since, request.window.until
    if since is not None and until is not None and since >= until:
        raise ConfigError(
            f"--since ({since:%Y-%m-%d %H:%M}) must be before --until ({until:%Y-%m-%d %H:%M}) (UTC)"
        )
    if not MEMORY.match(request.memory_limit):
        raise ConfigError(
            f"--memory-limit {request.memory_limit!r}: use a size such as 512MB or 2GB"
        )


@dataclass(frozen=True)
class Prepared:
    """What a run needs around reading the logs, whatever engine reads them: the catalog
    and its matcher, the configured statuses, the identity map and the readers."""

    request: DiscoverRequest
    catalog: Catalog
    facts: dict[str, ServiceFacts]
    identities: list[tuple[str, str, str]]
    readers: list[Reader]
    matcher: DomainMatcher
    gateways: frozenset[str]

    def match(self, host: str) -> str | None:
        """The service id of `host`: Airlock's own gateway first, then the catalog."""
        name = normalize_host(host)
        if name in self.gateways or any(name.endswith("." + g) for g in self.gateways):
            return GATEWAY_ID
        return self.matcher.match(name)

    def analyze(self, backend: Any, events: ir.Table) -> Usage:
        """The engine-neutral analysis of `events` (an ibis table on `backend`)."""
        config = self.request.config
        return analyze(
            backend,
            events,
            match=self.match,
            identities=self.identities,
            shadow_ids=[s for s, f in self.facts.items() if f.status is not Status.sanctioned],
            large_upload_bytes=config.large_upload_bytes,
            window=self.request.window,
        )

    def report(
        self, usage: Usage, files: list[FileReport], skipped: list[SkippedFile]
    ) -> DiscoveryReport:
        return build_report(
            usage,
            facts=self.facts,
            catalog=self.catalog,
            config=self.request.config,
            request=self.request,
            files=files,
            skipped=skipped,
            identities=len(self.identities),
        )


def prepare(request: DiscoverRequest) -> Prepared:
    """Check `request` and load what it names. Raises ConfigError."""
    check_request(request)
    config = request.config
    catalog = load_catalog(config.catalog)
    return Prepared(
        request=request,
        catalog=catalog,
        facts=_facts(catalog, config),
        identities=load_identity_map(config.identity_map) if config.identity_map else [],
        readers=available_readers(config),
        matcher=matcher_for(catalog),
        gateways=frozenset(config.gateway_hosts),
    )


def discover(request: DiscoverRequest, progress: Progress | None = None) -> DiscoveryReport:
    """Run one discovery over `request.inputs`. Raises SourceError, ConfigError."""
    run = prepare(request)
    readers = run.readers
    forced = None
    if request.format:
        forced = next((r for r in readers if r.name == request.format), None)
        if forced is None:
            names = ", ".join(r.name for r in readers)
            raise ConfigError(f"unknown log format {request.format!r} (known: {names})")
    work = plan(expand(request.inputs), readers, forced)
    if not work.groups:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in work.skipped[:5])
        raise SourceError(f"no readable log file in the inputs ({reasons})")
    with Workbench(memory_limit=request.memory_limit, threads=request.threads) as bench:
        stats = ingest(bench, work, progress)
        backend = ibis.duckdb.from_connection(bench.con)
        usage = run.analyze(backend, backend.table("events"))
    files = [FileReport(**vars(s)) for s in stats]
    skipped = [SkippedFile(path=s.path, reason=s.reason) for s in work.skipped]
    return run.report(usage, files, skipped)


def build_report(
    usage: Usage,
    *,
    facts: dict[str, ServiceFacts],
    catalog: Catalog,
    config: DiscoverConfig,
    request: DiscoverRequest,
    files: list[FileReport],
    skipped: list[SkippedFile],
    identities: int,
) -> DiscoveryReport:
    """Turn raw aggregates into the scored report."""
    by_id = catalog.by_id()
    hosts: dict[str, list[str]] = defaultdict(list)
    for row in sorted(usage.hosts, key=lambda r: (r["service_id"], r["rank"])):
        hosts[row["service_id"]].append(row["host"])
    services = []
    for row in usage.services:
        sid = row["service_id"]
        f = facts[sid]
        entry = by_id.get(sid)
        services.append(
            ServiceUsage(
                id=sid,
                name=f.name,
                vendor=entry.vendor if entry else "your company",
                category=entry.category.value if entry else "gateway",
                status=f.status.value,
                dedicated=f.dedicated,
                requests=row["requests"],
                users=row["users"],
                bytes_out=row["bytes_out"],
                bytes_in=row["bytes_in"],
                first_seen=row["first_seen"],
                last_seen=row["last_seen"],
                hosts=hosts[sid],
                risk=service_risk(f, row["bytes_out"], config.allowed_regions),
            )
        )
    services.sort(key=lambda s: (-s.risk.score, -s.requests, s.id))
    users, departments = _people(usage, facts, config)
    status = {sid: f.status for sid, f in facts.items()}
    shadow = [s for s in services if status[s.id] is not Status.sanctioned]
    totals = Totals(
        files=len(files),
        lines=sum(f.lines for f in files),
        malformed=sum(f.malformed for f in files),
        events=usage.totals["events"],
        ai_events=sum(s.requests for s in services),
        sanctioned_requests=sum(s.requests for s in services if s not in shadow),
        shadow_requests=sum(s.requests for s in shadow),
        ai_users=len(users),
        ai_services=len(services),
        ai_bytes_out=sum(s.bytes_out for s in services),
        shadow_bytes_out=sum(s.bytes_out for s in shadow),
        first_seen=usage.totals["first_seen"],
        last_seen=usage.totals["last_seen"],
        logs_first_seen=usage.totals.get("logs_first_seen"),
        logs_last_seen=usage.totals.get("logs_last_seen"),
    )
    enterprise = {s.id: s.risk.enterprise_plan for s in catalog.services}
    return DiscoveryReport(
        created_at=datetime.now(UTC),
        airlock_version=__version__,
        catalog_version=catalog.version,
        since=request.window.since,
        until=request.window.until,
        inputs=list(request.inputs),
        files=files,
        skipped=skipped,
        identities=identities,
        totals=totals,
        services=services,
        daily=[DailyPoint(**row) for row in usage.daily],
        users=users,
        departments=departments,
        uploads=[Upload(**row) for row in usage.uploads],
        recommendations=recommend(services, users, departments, enterprise),
    )


def _people(
    usage: Usage, facts: dict[str, ServiceFacts], config: DiscoverConfig
) -> tuple[list[UserUsage], list[DepartmentUsage]]:
    per_person: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in usage.user_services:
        per_person[(row["person"], row["department"])].append(row)
    users = []
    for (person, department), rows in per_person.items():
        rows.sort(key=lambda r: (-r["requests"], r["service_id"]))
        shadow_rows = [r for r in rows if facts[r["service_id"]].status is not Status.sanctioned]
        shadow = [(facts[r["service_id"]], int(r["bytes_out"])) for r in shadow_rows]
        users.append(
            UserUsage(
                person=person,
                department=department,
                services=[r["service_id"] for r in rows],
                requests=sum(r["requests"] for r in rows),
                bytes_out=sum(r["bytes_out"] for r in rows),
                shadow_requests=sum(r["requests"] for r in shadow_rows),
                shadow_bytes_out=sum(b for _, b in shadow),
                largest_upload=max(r["largest_upload"] for r in rows),
                risk=person_risk(shadow, config.allowed_regions),
            )
        )
    users.sort(key=lambda u: (-u.risk.score, -u.shadow_bytes_out, u.person))
    return users, _departments(users)


def _departments(users: Sequence[UserUsage]) -> list[DepartmentUsage]:
    groups: dict[str, list[UserUsage]] = defaultdict(list)
    for user in users:
        groups[user.department].append(user)
    out = []
    for name, members in groups.items():
        counts: dict[str, int] = defaultdict(int)
        for member in members:
            for sid in member.services:
                counts[sid] += 1
        out.append(
            DepartmentUsage(
                department=name,
                users=len(members),
                requests=sum(m.requests for m in members),
                bytes_out=sum(m.bytes_out for m in members),
                shadow_users=sum(1 for m in members if m.shadow_requests),
                shadow_requests=sum(m.shadow_requests for m in members),
                shadow_bytes_out=sum(m.shadow_bytes_out for m in members),
                services=sorted(counts, key=lambda s: (-counts[s], s)),
            )
        )
    out.sort(key=lambda d: (-d.shadow_bytes_out, -d.shadow_requests, d.department))
    return out
