"""Documentation and taxonomy evidence: naming conventions, and which systems hold which
business entities (customers, orders, ...), inferred from table and column names and from
the entities the detection engine found in the data."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from airlock.assess.model import InventoryEntry, SourceReport, TableProfile

STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("snake_case", re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")),
    ("camelCase", re.compile(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)+")),
    ("PascalCase", re.compile(r"([A-Z][a-z0-9]+)+")),
    ("UPPER_CASE", re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")),
)
# Business entities and the words that name them in table names.
ENTITIES: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "client", "account", "contact", "member", "subscriber", "crm"),
    "employee": ("employee", "staff", "personnel", "hr", "payroll", "worker"),
    "order": ("order", "purchase", "sale", "cart", "checkout"),
    "invoice": ("invoice", "bill", "receivable", "payable"),
    "payment": ("payment", "transaction", "charge", "refund", "card"),
    "product": ("product", "item", "sku", "catalog", "inventory", "stock"),
    "supplier": ("supplier", "vendor", "partner"),
    "ticket": ("ticket", "case", "incident", "support", "complaint"),
    "event": ("event", "log", "click", "session", "visit", "audit"),
}
# Columns whose detected entities say a table holds data about people.
PERSON_ENTITIES = {"EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "US_SSN", "IBAN_CODE"}


def naming_style(name: str) -> str:
    """The convention `name` follows, or `mixed`/`other`."""
    if name.islower() and re.fullmatch(r"[a-z0-9]+", name):
        return "snake_case"  # one lower-case word fits snake_case (and lower camel)
    for style, pattern in STYLES:
        if pattern.fullmatch(name):
            return style
    return "other"


def naming_consistency(names: Iterable[str]) -> tuple[str | None, float | None]:
    """The dominant naming style of `names` and the share of names that follow it."""
    styles = Counter(naming_style(n) for n in names)
    if not styles:
        return None, None
    style, count = styles.most_common(1)[0]
    return style, count / sum(styles.values())


def _words(name: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return {w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w}


def business_entities(table: TableProfile) -> list[str]:
    """Business entities a table holds, from its name (singular or plural words)."""
    words = _words(table.name.rsplit(".", 1)[-1].split("[", 1)[0])
    words |= {w.rstrip("s") for w in words}
    found = [e for e, hints in ENTITIES.items() if any(h in words for h in hints)]
    if not found:
        detected = {h.entity for c in table.columns for h in c.sensitive if h.share >= 0.5}
        if detected & PERSON_ENTITIES:
            found.append("person")
    return found


def inventory(sources: list[SourceReport]) -> list[InventoryEntry]:
    """Which systems (sources) and tables hold each business entity, most spread first."""
    systems: dict[str, set[str]] = defaultdict(set)
    tables: dict[str, list[str]] = defaultdict(list)
    for source in sources:
        for table in source.tables:
            for entity in table.entities:
                systems[entity].add(source.name)
                tables[entity].append(f"{source.name}.{table.name}")
    entries = [
        InventoryEntry(entity=e, systems=sorted(systems[e]), tables=sorted(tables[e]))
        for e in systems
    ]
    entries.sort(key=lambda x: (-len(x.systems), x.entity))
    return entries
