"""Gateway keys, audit/usage events and sealed prompts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gateway_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("initiative", sa.String(length=200), nullable=True),
        sa.Column("budget_usd_month", sa.Float(), nullable=True),
        sa.Column("rpm", sa.Integer(), nullable=True),
        sa.Column("models", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gateway_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_gateway_keys_key_id")),
    )
    op.create_index(op.f("ix_gateway_keys_updated_at"), "gateway_keys", ["updated_at"])
    op.create_table(
        "gateway_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=True),
        sa.Column("user", sa.String(length=200), nullable=True),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("initiative", sa.String(length=200), nullable=True),
        sa.Column("api", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=True),
        sa.Column("upstream_model", sa.String(length=200), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("entities", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("tokens_estimated", sa.Boolean(), nullable=False),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("upstream_ms", sa.Float(), nullable=True),
        sa.Column("stream", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gateway_events")),
        sa.UniqueConstraint("request_id", name=op.f("uq_gateway_events_request_id")),
    )
    op.create_index(op.f("ix_gateway_events_ts"), "gateway_events", ["ts"])
    op.create_index("ix_gateway_events_key_ts", "gateway_events", ["key_id", "ts"])
    op.create_index("ix_gateway_events_team_ts", "gateway_events", ["team", "ts"])
    op.create_table(
        "gateway_prompts",
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_gateway_prompts")),
    )
    op.create_index(op.f("ix_gateway_prompts_ts"), "gateway_prompts", ["ts"])


def downgrade() -> None:
    op.drop_index(op.f("ix_gateway_prompts_ts"), table_name="gateway_prompts")
    op.drop_table("gateway_prompts")
    op.drop_index("ix_gateway_events_team_ts", table_name="gateway_events")
    op.drop_index("ix_gateway_events_key_ts", table_name="gateway_events")
    op.drop_index(op.f("ix_gateway_events_ts"), table_name="gateway_events")
    op.drop_table("gateway_events")
    op.drop_index(op.f("ix_gateway_keys_updated_at"), table_name="gateway_keys")
    op.drop_table("gateway_keys")
