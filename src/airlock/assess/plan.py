"""The remediation plan: concrete findings, most impact first.

Impact = severity weight (critical 8, high 4, medium 2, low 1) x (0.2 + share affected, at
most 1; sensitive-data findings count at least 0.3-0.5: exposure matters even when rare). Each item names where (`source.table.column`), how much (share and rows) and what
to do. Values are never quoted: only counts, shares, formats and entity names.
"""

from __future__ import annotations

from collections.abc import Iterator

from airlock.assess.evidence import Facts, is_sensitive
from airlock.assess.model import (
    ColumnProfile,
    Estate,
    Remediation,
    SourceReport,
    TableProfile,
)
from airlock.assess.questionnaire import Questionnaire
from airlock.assess.sources.base import MANAGED

WEIGHT = {"critical": 8, "high": 4, "medium": 2, "low": 1}
MISSING, DUPLICATES, NEAR, CONFORMANCE, STALE = 0.05, 0.001, 0.001, 0.98, 0.2
ENTITY_SEVERITY = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}


def _item(  # noqa: PLR0917 - one row per finding kind reads best positionally
    kind: str, trait: str, severity: str, where: str, title: str, detail: str, action: str,
    rows: int | None = None, share: float | None = None, evidence: str = "measured",
    floor: float = 0.0,
) -> Remediation:  # fmt: skip
    affected = max(floor, min(1.0, share if share is not None else 1.0))
    impact = WEIGHT[severity] * (0.2 + affected)
    return Remediation(
        id=f"{kind}:{where}", trait=trait, severity=severity, impact=round(impact, 3),
        where=where, title=title, detail=detail, rows=rows, share=share, action=action,
        evidence=evidence,
    )  # fmt: skip


def _column_items(where: str, table: TableProfile, c: ColumnProfile) -> Iterator[Remediation]:
    rows = table.rows
    missing = c.nulls + c.empty + c.placeholders
    if rows and missing / rows >= MISSING:
        share = missing / rows
        parts = [f"{n / rows:.1%} {label}" for n, label in
                 ((c.nulls, "null"), (c.empty, "blank"), (c.placeholders, "placeholders"))
                 if n]  # fmt: skip
        yield _item("missing", "quality", "high" if share >= 0.2 else "medium", where,
                    f"`{where}`: {share:.1%} missing, {missing:,} rows", ", ".join(parts),
                    "Make the field required where it is entered, backfill it from the system "
                    "of record, and store unknown values as NULL, not placeholders.",
                    missing, share)  # fmt: skip
    if c.duplicate_values and rows and c.duplicate_values / rows >= DUPLICATES:
        share = c.duplicate_values / rows
        idlike = c.name.lower() in ("id", "key", "uuid") or c.name.lower().endswith(("_id", "id"))
        yield _item("duplicate_keys", "quality", "high" if idlike else "medium", where,
                    f"`{where}`: {c.duplicate_values:,} repeated values in a candidate key "
                    f"({share:.1%})", f"{c.distinct or 0:,} distinct of {rows - c.nulls:,}",
                    "Merge the duplicate records and enforce a unique constraint.",
                    c.duplicate_values, share)  # fmt: skip
    if c.near_duplicates and rows and c.near_duplicates / rows >= NEAR:
        share = c.near_duplicates / rows
        yield _item("near_duplicates", "quality", "high" if share >= 0.05 else "medium", where,
                    f"`{where}`: {share:.1%} near-duplicates after normalization, "
                    f"{c.near_duplicates:,} rows",
                    f"values equal after {c.normalizer} normalization but written differently",
                    "Normalize on write (trim, lower-case, canonical phone format) and merge "
                    "the records that collide.", c.near_duplicates, share)  # fmt: skip
    measured = [f for f in c.formats if f.evidence == "measured"]
    if measured and c.dominant_share is not None and c.dominant_share < CONFORMANCE:
        share = 1 - c.dominant_share
        spread = ", ".join(f"{f.share:.1%} {f.label}" for f in measured if f.rows)
        yield _item("formats", "quality", "medium" if share >= 0.05 else "low", where,
                    f"`{where}`: {share:.1%} of values outside the dominant format "
                    f"({c.dominant_format})", spread,
                    "Standardize on one format at entry and convert the rest"
                    + (" (store dates as DATE, ISO 8601)." if c.kind == "date" else "."),
                    None, share)  # fmt: skip
    if c.stored_as_text:
        yield _item("typing", "quality", "low", where,
                    f"`{where}`: {c.stored_as_text}s stored as text",
                    f"declared type {c.dtype}", f"Store the column as a {c.stored_as_text} type.",
                    None, 0.05)  # fmt: skip


def _sensitive_items(where: str, source: SourceReport, c: ColumnProfile) -> Iterator[Remediation]:
    if not is_sensitive(c):
        return
    hits = ", ".join(f"{h.entity} ({h.share:.1%})" for h in c.sensitive[:4])
    worst = max((h.severity for h in c.sensitive), key=lambda s: WEIGHT.get(s, 1))
    share = max(h.share for h in c.sensitive)
    if any(h.category == "credential" for h in c.sensitive):
        yield _item("credentials", "governance", "critical", where,
                    f"`{where}`: holds credentials", f"{hits}; sample of {c.sample_size:,} rows",
                    "Remove the secrets from the data, rotate them, and keep them in a vault.",
                    None, share, "sampled", 0.5)  # fmt: skip
    elif c.kind in ("text", "code"):
        yield _item("sensitive_text", "governance", ENTITY_SEVERITY.get(worst, "high"), where,
                    f"`{where}`: free text holds {hits}", f"sample of {c.sample_size:,} rows",
                    "Redact or move these values into governed, typed columns; mask them before "
                    "the data reaches AI pipelines (airlock gateway).", None, share, "sampled", 0.5)  # fmt: skip
    elif source.storage not in MANAGED:
        yield _item("sensitive_file", "governance", "high", where,
                    f"`{where}`: {hits} kept in a loose {source.format} file",
                    f"sample of {c.sample_size:,} rows",
                    "Move the data into a managed store with access control, or delete the copy.",
                    None, share, "sampled", 0.3)  # fmt: skip


def _table_items(source: SourceReport, table: TableProfile) -> Iterator[Remediation]:
    where = f"{source.name}.{table.name}"
    if table.exact_duplicate_rows and table.rows:
        share = table.exact_duplicate_rows / table.rows
        if share >= DUPLICATES:
            yield _item("duplicate_rows", "quality", "high" if share >= 0.01 else "medium", where,
                        f"`{where}`: {table.exact_duplicate_rows:,} exact duplicate rows "
                        f"({share:.1%})", "rows identical in every column",
                        "Remove the copies and add a primary key so loads cannot repeat rows.",
                        table.exact_duplicate_rows, share)  # fmt: skip
    if table.stale_rows and table.rows and table.stale_rows / table.rows >= STALE:
        share = table.stale_rows / table.rows
        yield _item("stale", "quality", "medium", where,
                    f"`{where}`: {share:.1%} of rows not updated in the staleness window",
                    f"by {table.freshness_column}, {table.stale_rows:,} rows",
                    "Archive outdated records or refresh them from the source.",
                    table.stale_rows, share)  # fmt: skip
    if table.age_days is not None and table.age_days > 180:
        yield _item("outdated", "quality", "medium", where,
                    f"`{where}`: newest record is {table.age_days:.0f} days old",
                    f"by {table.freshness_column}",
                    "Check whether the table is still fed; retire it if it is a dead copy.")  # fmt: skip
    for column in table.columns:
        col_where = f"{where}.{column.name}"
        yield from _column_items(col_where, table, column)
        yield from _sensitive_items(col_where, source, column)


def _governance_items(source: SourceReport) -> Iterator[Remediation]:
    g = source.governance
    if g is None:
        return
    for table in g.public_tables:
        yield _item("public_read", "governance", "critical", f"{source.name}.{table}",
                    f"`{source.name}.{table}`: readable by PUBLIC (every role)",
                    "SELECT granted to PUBLIC",
                    f"REVOKE SELECT ON {table} FROM PUBLIC; grant to roles that need it.")  # noqa: S608 - advice text  # fmt: skip
    for table in g.broad_access_tables:
        yield _item("broad_read", "governance", "high", f"{source.name}.{table}",
                    f"`{source.name}.{table}`: readable by every login role",
                    f"{g.roles} login roles", "Grant access by role on a need-to-know basis.")  # fmt: skip
    if g.superuser_owned:
        yield _item("superuser_owned", "governance", "medium", source.name,
                    f"`{source.name}`: {len(g.superuser_owned)} tables owned by a superuser",
                    ", ".join(g.superuser_owned[:8]),
                    "Transfer ownership to a non-superuser owner role per application.",
                    None, len(g.superuser_owned) / max(1, g.tables))  # fmt: skip
    if g.tls is False:
        yield _item("no_tls", "governance", "high", source.name,
                    f"`{source.name}`: the connection is not encrypted (no TLS)", source.location,
                    "Require TLS (ssl = on, hostssl in pg_hba.conf).")  # fmt: skip


def _estate_items(
    sources: list[SourceReport], estate: Estate, facts: Facts
) -> Iterator[Remediation]:
    loose = [s for s in sources if s.storage not in MANAGED]
    if estate.rows and estate.loose_file_rows / estate.rows >= 0.2:
        share = estate.loose_file_rows / estate.rows
        yield _item("loose_files", "storage", "high" if share >= 0.5 else "medium", "estate",
                    f"{share:.1%} of rows ({estate.loose_file_rows:,}) live in loose files",
                    ", ".join(s.name for s in loose[:8]),
                    "Load these files into the warehouse or lake and retire the copies.",
                    estate.loose_file_rows, share)  # fmt: skip
    for entry in estate.inventory:
        if len(entry.systems) > 1:
            yield _item("fragmented", "storage", "medium", f"entity:{entry.entity}",
                        f"{entry.entity} data is held in {len(entry.systems)} systems",
                        ", ".join(entry.tables[:6]),
                        "Name one system of record and sync the others from it.",
                        None, 0.5)  # fmt: skip
    exports = [s for s in sources if s.reachable_by == "export"]
    if exports:
        yield _item("manual_export", "integration", "medium", "estate",
                    f"{len(exports)} of {len(sources)} sources are reachable only by export",
                    ", ".join(s.name for s in exports[:8]),
                    "Replace manual exports with a connection or an API-fed pipeline.",
                    None, len(exports) / len(sources))  # fmt: skip
    for source in sources:
        for table in source.tables:
            if table.naming_consistency is not None and table.naming_consistency < 0.9:
                yield _item("naming", "storage", "low", f"{source.name}.{table.name}",
                            f"`{source.name}.{table.name}`: mixed column naming "
                            f"({table.naming_consistency:.0%} {table.naming_style})",
                            "column names follow several conventions",
                            f"Rename columns to {table.naming_style}.", None, 0.1)  # fmt: skip
    if facts.documented_share is not None and facts.documented_share < 0.2:
        yield _item("undocumented", "storage", "low", "estate",
                    f"{facts.documented_share:.0%} of tables and columns have comments",
                    "no table or column descriptions in the engines",
                    "Add comments (COMMENT ON) or a catalog entry for each table and column.",
                    None, 1 - facts.documented_share)  # fmt: skip


def _declared_items(answers: Questionnaire) -> Iterator[Remediation]:
    for key, (trait, answer, description) in answers.answers().items():
        if answer != "yes":
            yield _item("declared", trait, "medium" if answer == "no" else "low", key,
                        f"Declared gap: {description}", f"answered {answer} in assessment.yaml",
                        "Close the gap and update assessment.yaml.", None, 0.5, "declared")  # fmt: skip


def build_plan(
    sources: list[SourceReport], estate: Estate, facts: Facts, answers: Questionnaire
) -> list[Remediation]:
    """Every finding, sorted by impact (then severity, then place)."""
    items: list[Remediation] = []
    for source in sources:
        for table in source.tables:
            items.extend(_table_items(source, table))
        items.extend(_governance_items(source))
    items.extend(_estate_items(sources, estate, facts))
    items.extend(_declared_items(answers))
    items.sort(key=lambda i: (-i.impact, -WEIGHT[i.severity], i.where))
    return items
