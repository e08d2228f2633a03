"""Fingerprints of proprietary source files.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fingerprint_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("root", sa.String(length=1024), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("scheme", sa.String(length=64), nullable=False),
        sa.Column("fingerprints", sa.Integer(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fingerprint_files")),
    )
    op.create_index(
        "ix_fingerprint_files_root_path", "fingerprint_files", ["root", "path"], unique=True
    )
    op.create_table(
        "fingerprints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["fingerprint_files.id"],
            name=op.f("fk_fingerprints_file_id_fingerprint_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fingerprints")),
    )
    op.create_index(op.f("ix_fingerprints_file_id"), "fingerprints", ["file_id"])
    op.create_index(op.f("ix_fingerprints_hash"), "fingerprints", ["hash"])


def downgrade() -> None:
    op.drop_index(op.f("ix_fingerprints_hash"), table_name="fingerprints")
    op.drop_index(op.f("ix_fingerprints_file_id"), table_name="fingerprints")
    op.drop_table("fingerprints")
    op.drop_index("ix_fingerprint_files_root_path", table_name="fingerprint_files")
    op.drop_table("fingerprint_files")
