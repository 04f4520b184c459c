"""Create the catalogue schema: provider and credential.

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
        "provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("short_name", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("accreditation_notes", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(short_name) > 0", name=op.f("ck_provider_short_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider")),
        sa.UniqueConstraint("short_name", name=op.f("uq_provider_short_name")),
    )
    op.create_table(
        "credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("mqf_level", sa.Integer(), nullable=True),
        sa.Column("credits", sa.Integer(), nullable=True),
        sa.Column("notional_hours", sa.Integer(), nullable=False),
        sa.Column("fee_rm", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=50), nullable=False),
        sa.Column("accredited_programme", sa.Text(), nullable=True),
        sa.Column("entry_notes", sa.Text(), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("open_to_non_malaysians", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("learning_outcomes", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("badge_issuer", sa.String(length=255), nullable=True),
        sa.Column("intake", sa.JSON(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_credential_code_not_empty")),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_credential_title_not_empty")),
        sa.CheckConstraint(
            "type IN ('standalone', 'credit-bearing')", name=op.f("ck_credential_type_known")
        ),
        sa.CheckConstraint(
            "mode IN ('online', 'conventional', 'blended')", name=op.f("ck_credential_mode_known")
        ),
        sa.CheckConstraint(
            "notional_hours BETWEEN 1 AND 1000", name=op.f("ck_credential_hours_range")
        ),
        sa.CheckConstraint("fee_rm >= 0", name=op.f("ck_credential_fee_not_negative")),
        sa.CheckConstraint(
            "mqf_level IS NULL OR mqf_level BETWEEN 1 AND 8",
            name=op.f("ck_credential_mqf_level_range"),
        ),
        sa.CheckConstraint(
            "credits IS NULL OR credits BETWEEN 1 AND 60", name=op.f("ck_credential_credits_range")
        ),
        sa.CheckConstraint(
            "min_age IS NULL OR min_age BETWEEN 0 AND 120",
            name=op.f("ck_credential_min_age_range"),
        ),
        sa.CheckConstraint(
            "(type = 'standalone' AND mqf_level IS NULL AND credits IS NULL"
            " AND accredited_programme IS NULL)"
            " OR (type = 'credit-bearing' AND mqf_level IS NOT NULL AND credits IS NOT NULL)",
            name=op.f("ck_credential_type_consistent"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider.id"],
            name=op.f("fk_credential_provider_id_provider"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential")),
        sa.UniqueConstraint("code", name=op.f("uq_credential_code")),
    )
    op.create_index(op.f("ix_credential_field"), "credential", ["field"], unique=False)
    op.create_index(op.f("ix_credential_provider_id"), "credential", ["provider_id"], unique=False)
    op.create_index("uq_credential_code_lower", "credential", [sa.text("lower(code)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_credential_code_lower", table_name="credential")
    op.drop_index(op.f("ix_credential_provider_id"), table_name="credential")
    op.drop_index(op.f("ix_credential_field"), table_name="credential")
    op.drop_table("credential")
    op.drop_table("provider")
