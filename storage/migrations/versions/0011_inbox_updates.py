"""inbox updates: incoming updates stored before they are acknowledged, and replies kept until delivered

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.coltypes

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("update_id", sa.String(length=64), nullable=False),
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", storage.coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_updates")),
        sa.UniqueConstraint("platform", "update_id", name="uq_inbox_update"),
    )
    op.create_index(op.f("ix_inbox_updates_done_at"), "inbox_updates", ["done_at"], unique=False)
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("replies", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processed_updates") as batch:
        batch.drop_column("replies")
    op.drop_index(op.f("ix_inbox_updates_done_at"), table_name="inbox_updates")
    op.drop_table("inbox_updates")
