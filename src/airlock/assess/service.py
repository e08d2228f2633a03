"""Running an assessment: open each source, profile each table, score, plan. No printing.

A source that cannot be opened, or a table that fails, is recorded with the error's kind
and the run goes on: one broken export must not hide the rest of the estate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from airlock import __version__
from airlock.assess import estate as estate_mod
from airlock.assess.evidence import gather
from airlock.assess.maturity import hierarchy, maturity
from airlock.assess.model import AssessmentReport, Estate, SourceReport, TableProfile
from airlock.assess.plan import build_plan
from airlock.assess.profile import ProfileOptions, profile_table
from airlock.assess.questionnaire import Questionnaire
from airlock.assess.score import criteria, traits
from airlock.assess.sources import EngineOptions, SourceSpec, open_source
from airlock.assess.sources.base import MANAGED
from airlock.assess.sources.credentials import redact
from airlock.detect.engine import Engine
from airlock.errors import AirlockError, DetectionError

log = logging.getLogger(__name__)
NOT_OPENED = "none"  # SourceReport.engine of a source that could not be opened
Progress = Callable[[str, int, int], None]


@dataclass
class AssessRequest:
    sources: list[SourceSpec]
    questionnaire: Questionnaire = field(default_factory=Questionnaire)
    sample_rows: int = 10_000
    stale_after_days: int = 365
    engine: EngineOptions = field(default_factory=EngineOptions)
    now: datetime | None = None


def _where(spec: SourceSpec) -> str:
    return spec.path if spec.path is not None else redact(spec.url or "")


def _assess_source(  # noqa: PLR0917 - private step of assess
    spec: SourceSpec, engine: Engine, options: ProfileOptions, request: AssessRequest,
    progress: Progress | None, counter: list[int],
) -> SourceReport:  # fmt: skip
    try:
        source = open_source(spec, request.engine)
    except AirlockError as exc:
        return SourceReport(name=spec.name or _where(spec), format="unknown",
                            location=_where(spec), storage="unknown",
                            reachable_by="connection" if spec.url else "export",
                            engine=NOT_OPENED, errors=[str(exc)])  # fmt: skip
    report = SourceReport(
        name=source.name, format=source.format, location=source.location,
        storage=source.storage, reachable_by=source.reachable_by,
        engine=getattr(source.backend, "name", "unknown"), errors=list(source.errors),
        accuracy=source.dialect.accuracy(),
    )  # fmt: skip
    try:
        for ref in source.tables:
            if progress:
                progress(f"{source.name}: {ref.name}", counter[0], counter[1])
            try:
                report.tables.append(profile_table(source, ref, engine, options))
            except DetectionError:
                raise  # fail closed: a broken detector must not yield "no sensitive data"
            except Exception as exc:
                log.debug("table %s failed", ref.name, exc_info=True)
                report.tables.append(TableProfile(source=source.name, name=ref.name, rows=0,
                                                  columns=[], error=type(exc).__name__))  # fmt: skip
            counter[0] += 1
        try:
            report.governance = source.governance()
        except Exception as exc:
            report.errors.append(f"governance evidence unavailable ({type(exc).__name__})")
    finally:
        source.close()
    return report


def assess(
    request: AssessRequest, engine: Engine, progress: Progress | None = None
) -> AssessmentReport:
    """Assess every source of `request`. Raises DetectionError, ConfigError."""
    started = time.perf_counter()
    now = request.now or datetime.now(UTC)
    options = ProfileOptions(request.sample_rows, request.stale_after_days, now=now)
    counter = [0, 0]
    sources = []
    for spec in request.sources:
        counter[1] += 1  # refined per source below; good enough for a progress bar
        sources.append(_assess_source(spec, engine, options, request, progress, counter))
    counter[1] = counter[0]
    if progress:
        progress("scoring", counter[0], counter[1])
    return build_report(sources, request, now, time.perf_counter() - started)


def build_report(
    sources: list[SourceReport], request: AssessRequest, now: datetime, seconds: float
) -> AssessmentReport:
    """Scores, maturity, hierarchy and plan from measured sources. A source that could not
    be opened stays in the report with its error, but counts in no figure: its storage and
    reachability are unknown, not "loose file" or "export only"."""
    every = sources
    sources = [s for s in every if s.engine != NOT_OPENED]
    inventory = estate_mod.inventory(sources)
    tables = [t for s in sources for t in s.tables]
    rows = sum(t.rows for t in tables)
    managed = sum(t.rows for s in sources if s.storage in MANAGED for t in s.tables)
    estate = Estate(
        sources=len(sources),
        tables=len(tables),
        columns=sum(len(t.columns) for t in tables),
        rows=rows,
        managed_rows=managed,
        loose_file_rows=rows - managed,
        connection_sources=sum(1 for s in sources if s.reachable_by == "connection"),
        export_sources=sum(1 for s in sources if s.reachable_by == "export"),
        inventory=inventory,
    )
    facts = gather(sources, {e.entity: len(e.systems) for e in inventory})
    scored = traits(criteria(facts, sources, request.questionnaire))
    return AssessmentReport(
        created_at=now,
        airlock_version=__version__,
        seconds=round(seconds, 3),
        sample_rows=request.sample_rows,
        stale_after_days=request.stale_after_days,
        sources=every,
        estate=estate,
        traits=scored,
        overall=maturity(scored).score,
        maturity=maturity(scored),
        hierarchy=hierarchy(scored, rows),
        plan=build_plan(sources, estate, facts, request.questionnaire),
        declared={k: v[1] for k, v in request.questionnaire.answers().items()},
    )
