"""faq suggestions: curators' decisions on alternates suggested by use

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.coltypes

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_suggestion_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("decided_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_suggestion_decisions")),
        sa.UniqueConstraint("entry_id", "question", name="uq_faq_suggestion"),
    )


def downgrade() -> None:
    op.drop_table("faq_suggestion_decisions")
