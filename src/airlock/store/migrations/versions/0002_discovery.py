"""Shadow-AI discovery runs and per-service usage.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discovery_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("catalog_version", sa.String(length=200), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("lines", sa.BigInteger(), nullable=False),
        sa.Column("malformed", sa.BigInteger(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("ai_events", sa.BigInteger(), nullable=False),
        sa.Column("sanctioned_requests", sa.BigInteger(), nullable=False),
        sa.Column("shadow_requests", sa.BigInteger(), nullable=False),
        sa.Column("ai_users", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discovery_runs")),
    )
    op.create_index(op.f("ix_discovery_runs_created_at"), "discovery_runs", ["created_at"])
    op.create_table(
        "discovery_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
        sa.Column("users", sa.Integer(), nullable=False),
        sa.Column("bytes_out", sa.BigInteger(), nullable=False),
        sa.Column("bytes_in", sa.BigInteger(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("risk_score", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["discovery_runs.id"],
            name=op.f("fk_discovery_services_run_id_discovery_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discovery_services")),
    )
    op.create_index(op.f("ix_discovery_services_run_id"), "discovery_services", ["run_id"])
    op.create_index(
        "ix_discovery_services_run_service",
        "discovery_services",
        ["run_id", "service_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_discovery_services_run_service", table_name="discovery_services")
    op.drop_index(op.f("ix_discovery_services_run_id"), table_name="discovery_services")
    op.drop_table("discovery_services")
    op.drop_index(op.f("ix_discovery_runs_created_at"), table_name="discovery_runs")
    op.drop_table("discovery_runs")
