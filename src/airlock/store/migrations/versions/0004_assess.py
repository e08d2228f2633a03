"""Data readiness assessment runs and per-trait scores.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("airlock_version", sa.String(length=40), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("tables", sa.Integer(), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("level_name", sa.String(length=40), nullable=False),
        sa.Column("hierarchy", sa.String(length=20), nullable=True),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_runs")),
    )
    op.create_index(op.f("ix_assessment_runs_created_at"), "assessment_runs", ["created_at"])
    op.create_table(
        "assessment_traits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("trait", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["assessment_runs.id"],
            name=op.f("fk_assessment_traits_run_id_assessment_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_traits")),
    )
    op.create_index(op.f("ix_assessment_traits_run_id"), "assessment_traits", ["run_id"])
    op.create_index(
        "ix_assessment_traits_run_trait", "assessment_traits", ["run_id", "trait"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_assessment_traits_run_trait", table_name="assessment_traits")
    op.drop_index(op.f("ix_assessment_traits_run_id"), table_name="assessment_traits")
    op.drop_table("assessment_traits")
    op.drop_index(op.f("ix_assessment_runs_created_at"), table_name="assessment_runs")
    op.drop_table("assessment_runs")
