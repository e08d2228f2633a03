"""Seeded messy table for the assessment benchmark: 20 columns with planted defects.

Every defect is planted at a known rate on a known column, so the benchmark can check that
`airlock assess` finds each one at the right rate. Generation is vectorized (numpy +
pyarrow compute); values come from small pools, never from real people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

NOW = datetime(2026, 11, 1)
FIRST = np.array(
    [
        "anna",
        "ben",
        "carla",
        "dmitri",
        "eva",
        "farid",
        "gina",
        "hugo",
        "ines",
        "jon",
        "kara",
        "li",
        "maria",
        "nils",
        "olga",
        "pavel",
        "quinn",
        "rosa",
    ]
)
LAST = np.array(
    [
        "garcia",
        "smith",
        "nguyen",
        "muller",
        "rossi",
        "kowalski",
        "silva",
        "ito",
        "okafor",
        "jensen",
        "dubois",
        "novak",
        "haddad",
        "larsen",
        "moreau",
    ]
)
DOMAINS = np.array(["example.com", "example.org", "mail.example.net", "corp.example"])
CITIES = np.array(["Berlin", "Paris", "Lisbon", "Austin", "Osaka", "Lagos", "Oslo", "Lima"])
SEGMENTS = np.array(["retail", "sme", "enterprise", "public"])
STATUSES = np.array(["active", "closed", "pending", "blocked"])
PLACEHOLDERS = np.array(["N/A", "unknown", "-", "none", ""])
SYSTEMS = np.array(["crm", "erp", "web", "import"])
CARD = "4111 1111 1111 1111"


@dataclass
class Truth:
    """The planted rates, as shares of all rows (or of the column's non-null values)."""

    rows: int
    rates: dict[str, float] = field(default_factory=dict)


def _pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> pa.Array:
    return pa.array(pool[rng.integers(0, len(pool), n)])


def _digits(rng: np.random.Generator, n: int, width: int) -> pa.Array:
    values = rng.integers(0, 10**width, n)
    return pc.utf8_lpad(pa.array(values).cast(pa.string()), width, "0")


def _mask(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    return rng.random(n) < rate


def _where(mask: np.ndarray, a: pa.Array, b: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(mask), a, b)


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def generate(rows: int, seed: int = 42) -> tuple[pa.Table, Truth]:
    """The messy table with `rows` rows (after the planted duplicate rows) and its truth."""
    rng = np.random.default_rng(seed)
    n = rows
    truth = Truth(rows)
    first, last = _pick(rng, FIRST, n), _pick(rng, LAST, n)
    ids = np.arange(1, n + 1, dtype=np.int64)
    local = _join(first, ".", last, _digits(rng, n, 7))
    email = _join(local, "@", _pick(rng, DOMAINS, n))
    # Near-duplicates: 2% of rows reuse an earlier row's e-mail in another casing/spacing.
    near = _mask(rng, n, 0.02)
    source = rng.integers(0, n, n)
    variant = _join(" ", pc.utf8_upper(pc.take(email, pa.array(source))), " ")
    email = _where(near, variant, email)
    email_null = _mask(rng, n, 0.03)
    email = _where(email_null, pa.nulls(n, pa.string()), email)
    truth.rates["email.nulls"] = float(email_null.mean())
    # Valid-looking NANP numbers (area and exchange codes start with 2-9).
    area = pa.array(rng.integers(200, 999, n)).cast(pa.string())
    mid = pa.array(rng.integers(200, 999, n)).cast(pa.string())
    end = _digits(rng, n, 4)
    phone_kind = rng.random(n)
    phone = _where(
        phone_kind < 0.7,
        _join("+1 ", area, "-", mid, "-", end),
        _where(phone_kind < 0.9, _join("(", area, ") ", mid, "-", end), _join(area, mid, end)),
    )
    truth.rates["phone.dominant_format"] = float((phone_kind < 0.7).mean())
    days = rng.integers(0, 3650, n)
    base = np.datetime64(NOW.date()) - days.astype("timedelta64[D]")
    iso = pc.strftime(pa.array(base), "%Y-%m-%d")
    us = pc.strftime(pa.array(base), "%m/%d/%Y")
    eu = pc.strftime(pa.array(base), "%d.%m.%Y")
    date_kind = rng.random(n)
    signup = _where(date_kind < 0.8, iso, _where(date_kind < 0.95, us, eu))
    truth.rates["signup_date.dominant_format"] = float((date_kind < 0.8).mean())
    age_days = rng.exponential(200, n)
    stale = _mask(rng, n, 0.15)
    age_days = np.where(stale, 400 + rng.random(n) * 2000, np.minimum(age_days, 364))
    updated = np.datetime64(NOW) - (age_days * 86400).astype("timedelta64[s]")
    truth.rates["updated_at.stale"] = float((age_days > 365).mean())
    country_codes = _pick(rng, np.array(["US", "DE", "FR", "JP"]), n)
    lower_country = _mask(rng, n, 0.1)
    country = _where(lower_country, pc.utf8_lower(country_codes), country_codes)
    truth.rates["country.dominant_format"] = 1 - float(lower_country.mean())
    amount = pc.cast(pa.array(np.round(rng.random(n) * 1000, 2)), pa.string())
    status_ph = _mask(rng, n, 0.08)
    status = _where(status_ph, _pick(rng, PLACEHOLDERS[:4], n), _pick(rng, STATUSES, n))
    truth.rates["status.placeholders"] = float(status_ph.mean())
    pii_kind = rng.random(n)
    notes = _where(
        pii_kind < 0.04,
        _join("customer wrote from ", local, "@example.com about the invoice"),
        _where(
            pii_kind < 0.06,
            pa.array([f"paid with card {CARD}"] * n),
            _pick(rng, np.array(["called back", "asked for a discount", "moved office", ""]), n),
        ),
    )
    truth.rates["notes.EMAIL_ADDRESS"] = float((pii_kind < 0.04).mean())
    truth.rates["notes.CREDIT_CARD"] = float(((pii_kind >= 0.04) & (pii_kind < 0.06)).mean())
    age = pa.array(rng.integers(18, 90, n), mask=_mask(rng, n, 0.05))
    table = pa.table(
        {
            "id": pa.array(ids),
            "customer_id": _join("C", _digits(rng, n, 8)),
            "first_name": pc.utf8_capitalize(first),
            "last_name": pc.utf8_capitalize(last),
            "email": email,
            "phone": phone,
            "signup_date": signup,
            "updated_at": pa.array(updated.astype("datetime64[us]")),
            "country": country,
            "city": _pick(rng, CITIES, n),
            "amount": amount,
            "status": status,
            "notes": notes,
            "age": age,
            "balance": pa.array(rng.normal(1000, 300, n)),
            "segment": _pick(rng, SEGMENTS, n),
            "is_active": pa.array(rng.random(n) < 0.8),
            "zip": _digits(rng, n, 5),
            "created_at": pa.array(base),
            "source_system": _pick(rng, SYSTEMS, n),
        }
    )
    # Exact duplicate rows: the last 1.5% of rows are copies of earlier rows (ids included).
    dups = int(n * 0.015)
    picks = pa.array(rng.integers(0, n - dups, dups))
    table = pa.concat_tables([table.slice(0, n - dups), table.take(picks)])
    truth.rates["rows.exact_duplicates"] = dups / n
    truth.rates["id.duplicate_keys"] = dups / n
    return table, truth


def write(path: Path, rows: int, seed: int = 42) -> Truth:
    """Write the table as Parquet to `path` and return its truth."""
    table, truth = generate(rows, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=1_000_000)
    return truth


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys
    import time

    start = time.perf_counter()
    t = write(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{time.perf_counter() - start:.1f}s", t.rates)
