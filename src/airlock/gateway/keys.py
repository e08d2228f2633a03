"""Virtual API keys: created once, stored hashed, cached in memory by the gateway.

A key reads `alk_<key_id>_<secret>`: the 12-hex `key_id` is public (lists, audit), the
secret has 192 random bits. The store keeps SHA-256(key); a slow hash buys nothing for a
key that cannot be guessed, and a fast one keeps the check off the latency budget.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase

import orjson
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session

from airlock.errors import ConfigError
from airlock.store.gateway_models import GatewayKey

PREFIX = "alk_"


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A key as listed and as the gateway sees it; never holds the key itself."""

    key_id: str
    user: str
    team: str | None
    role: str
    initiative: str | None
    budget_usd_month: float | None
    rpm: int | None
    models: tuple[str, ...] | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def status(self, now: datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (now or datetime.now(UTC)):
            return "expired"
        return "active"

    def model_allowed(self, model: str) -> bool:
        if self.models is None:
            return True
        return any(p == model or fnmatchcase(model, p) for p in self.models)


@dataclass(frozen=True)
class CreatedKey:
    key: str  # shown once
    info: KeyInfo


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def split_key(key: str) -> str | None:
    """The key_id of a well-formed key, else None."""
    if not key.startswith(PREFIX) or len(key) != len(PREFIX) + 12 + 1 + 32:
        return None
    key_id, sep, _ = key[len(PREFIX) :].partition("_")
    return key_id if sep and len(key_id) == 12 else None


def _aware(value: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes; they were written in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _info(row: GatewayKey) -> KeyInfo:
    models = tuple(orjson.loads(row.models)) if row.models else None
    return KeyInfo(
        row.key_id,
        row.user,
        row.team,
        row.role,
        row.initiative,
        row.budget_usd_month,
        row.rpm,
        models,
        _aware(row.created_at) or datetime.now(UTC),
        _aware(row.expires_at),
        _aware(row.revoked_at),
    )


def create_key(
    engine: Engine,
    *,
    user: str,
    role: str,
    team: str | None = None,
    initiative: str | None = None,
    budget_usd_month: float | None = None,
    rpm: int | None = None,
    models: list[str] | None = None,
    expires_at: datetime | None = None,
) -> CreatedKey:
    """Create a key; the returned `key` is the only time it exists in clear."""
    if not user.strip() or not role.strip():
        raise ConfigError("a key needs a user and a role")
    if budget_usd_month is not None and budget_usd_month < 0:
        raise ConfigError("--budget must be >= 0")
    if rpm is not None and rpm < 1:
        raise ConfigError("--rpm must be >= 1")
    key_id = secrets.token_hex(6)
    key = f"{PREFIX}{key_id}_{secrets.token_hex(16)}"
    now = datetime.now(UTC)
    row = GatewayKey(
        key_id=key_id,
        key_hash=hash_key(key),
        user=user,
        team=team,
        role=role,
        initiative=initiative,
        budget_usd_month=budget_usd_month,
        rpm=rpm,
        models=orjson.dumps(models).decode() if models else None,
        created_at=now,
        updated_at=now,
        expires_at=expires_at,
    )
    with engine.begin() as conn:
        conn.execute(insert(GatewayKey).values(**_columns(row)))
    return CreatedKey(key, _info(row))


def _columns(row: GatewayKey) -> dict[str, object]:
    return {c.name: getattr(row, c.name) for c in GatewayKey.__table__.columns if c.name != "id"}


def list_keys(engine: Engine) -> list[KeyInfo]:
    with Session(engine) as session:
        rows = session.scalars(select(GatewayKey).order_by(GatewayKey.created_at)).all()
        return [_info(row) for row in rows]


def revoke_key(engine: Engine, key_id: str) -> bool:
    """Revoke a key by its id; False if no active key has that id."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        result = conn.execute(
            update(GatewayKey)
            .where(GatewayKey.key_id == key_id, GatewayKey.revoked_at.is_(None))
            .values(revoked_at=now, updated_at=now)
        )
    return bool(result.rowcount)


def keys_version(engine: Engine) -> tuple[int, str]:
    """A cheap stamp that changes whenever a key is created or changed."""
    with engine.connect() as conn:
        count, latest = conn.execute(
            select(func.count(GatewayKey.id), func.max(GatewayKey.updated_at))
        ).one()
    return int(count), str(latest)


class KeyCache:
    """All keys in memory: `verify` never touches the database.

    `reload` swaps the whole table at once; the gateway calls it from a timer when
    `keys_version` changes, so a revocation takes effect within the refresh interval.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[str, KeyInfo]] = {}
        self.version: tuple[int, str] | None = None

    def reload(self, engine: Engine) -> None:
        version = keys_version(engine)
        with Session(engine) as session:
            rows = session.scalars(select(GatewayKey)).all()
            self._by_id = {row.key_id: (row.key_hash, _info(row)) for row in rows}
        self.version = version

    def verify(self, key: str) -> KeyInfo | None:
        """The key's info when it exists (any status), compared in constant time."""
        key_id = split_key(key)
        entry = self._by_id.get(key_id) if key_id else None
        # Hash even on a miss, so a miss and a mismatch take the same time.
        digest = hash_key(key)
        if entry is None:
            hmac.compare_digest(digest, "0" * 64)
            return None
        return entry[1] if hmac.compare_digest(digest, entry[0]) else None
