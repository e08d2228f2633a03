"""PostgreSQL: tables of every user schema, comments, and governance evidence from the catalog.

Governance evidence is read from pg_class/pg_roles with the connecting role's rights:
SELECT granted to PUBLIC, tables owned by a superuser, row-level security, tables every
login role can read, and whether this connection uses TLS.
"""

from __future__ import annotations

from typing import Any

from airlock.assess.model import GovernanceEvidence
from airlock.assess.sources.base import Comments, OpenSource, SourceSpec, TableRef
from airlock.assess.sources.databases import URLConnector

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
_TABLES = """
SELECT n.nspname, c.relname, pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'
  AND NOT c.relispartition
ORDER BY 1, 2
"""
_GOVERNANCE = """
WITH login AS (SELECT oid FROM pg_roles WHERE rolcanlogin AND NOT rolsuper)
SELECT n.nspname, c.relname,
  EXISTS (SELECT 1 FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
          WHERE a.grantee = 0 AND a.privilege_type = 'SELECT') AS public_read,
  o.rolsuper AS superuser_owned,
  c.relrowsecurity AS rls,
  (SELECT count(*) FROM login) AS login_roles,
  (SELECT count(*) FROM login l WHERE has_table_privilege(l.oid, c.oid, 'SELECT')) AS readers
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_roles o ON o.oid = c.relowner
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'
ORDER BY 1, 2
"""
_COMMENTS = """
SELECT obj_description(c.oid, 'pg_class'), a.attname, col_description(c.oid, a.attnum)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = %s AND c.relname = %s
"""


def _label(schema: str, table: str) -> str:
    return table if schema == "public" else f"{schema}.{table}"


def _query(backend: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with backend.con.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    backend.con.rollback()  # catalog reads only: leave no transaction open
    return rows


class PostgresConnector(URLConnector):
    name = "postgres"

    def claims(self, spec: SourceSpec) -> bool:
        return spec.url is not None and self.scheme(spec) in {"postgres", "postgresql"}

    def connect(self, url: str) -> Any:
        import ibis

        return ibis.connect("postgres://" + url.split("://", 1)[1])

    def list_tables(self, backend: Any, spec: SourceSpec) -> list[TableRef]:
        refs = []
        for schema, table, size in _query(backend, _TABLES):
            if spec.schemas is not None and schema not in spec.schemas:
                continue
            label = _label(schema, table)
            if spec.wants(label):
                refs.append(TableRef(label, table, schema, int(size or 0), "postgres"))
        return refs

    def comments(self, source: OpenSource, ref: TableRef) -> Comments:
        rows = _query(source.backend, _COMMENTS, (ref.database, ref.table))
        table = rows[0][0] if rows else None
        return Comments(table, {name: text for _, name, text in rows if name and text})

    def governance(self, source: OpenSource) -> GovernanceEvidence:
        backend = source.backend
        tls_rows = _query(backend, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        wanted = {ref.name for ref in source.tables}
        evidence = GovernanceEvidence(engine="postgres", tls=bool(tls_rows and tls_rows[0][0]))
        for schema, table, public, superuser, rls, logins, readers in _query(backend, _GOVERNANCE):
            label = _label(schema, table)
            if label not in wanted:
                continue
            evidence.tables += 1
            evidence.roles = int(logins)
            if public:
                evidence.public_tables.append(label)
            if superuser:
                evidence.superuser_owned.append(label)
            if rls:
                evidence.rls_tables.append(label)
            if logins >= 2 and readers == logins and not public:
                evidence.broad_access_tables.append(label)
        return evidence
