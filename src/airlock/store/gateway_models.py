"""Tables of the gateway: virtual API keys, per-request audit/usage events, sealed prompts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from airlock.store.models import Base


class GatewayKey(Base):
    """A virtual API key. Only the SHA-256 of the key is stored; `key_id` is its public part."""

    __tablename__ = "gateway_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100))
    initiative: Mapped[str | None] = mapped_column(String(200))
    budget_usd_month: Mapped[float | None] = mapped_column(Float)
    rpm: Mapped[int | None] = mapped_column(Integer)
    models: Mapped[str | None] = mapped_column(Text)  # JSON list of patterns
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GatewayEvent(Base):
    """One request through the gateway: who, what, where, the decision and the usage.

    Never holds a detected value: entities and actions are counts by type.
    """

    __tablename__ = "gateway_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(40), unique=True)
    ts: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    key_id: Mapped[str | None] = mapped_column(String(16))
    user: Mapped[str | None] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100))
    initiative: Mapped[str | None] = mapped_column(String(200))
    api: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(100))
    upstream_model: Mapped[str | None] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(16))
    status: Mapped[int] = mapped_column(Integer)
    entities: Mapped[str] = mapped_column(Text)  # JSON {entity: count}
    actions: Mapped[str] = mapped_column(Text)  # JSON {"ENTITY:action": count}
    reason: Mapped[str | None] = mapped_column(String(500))
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    tokens_estimated: Mapped[bool] = mapped_column(Boolean)
    cost_usd: Mapped[float] = mapped_column(Float)
    latency_ms: Mapped[float] = mapped_column(Float)
    upstream_ms: Mapped[float | None] = mapped_column(Float)
    stream: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_gateway_events_key_ts", "key_id", "ts"),
        Index("ix_gateway_events_team_ts", "team", "ts"),
    )


class GatewayPrompt(Base):
    """The full prompt of a request, encrypted (only when `audit.store_prompts` is on)."""

    __tablename__ = "gateway_prompts"

    request_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    ts: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ciphertext: Mapped[str] = mapped_column(Text)
