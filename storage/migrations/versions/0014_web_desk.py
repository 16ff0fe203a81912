"""web desk: the KB working copy with its revisions, gap decisions, sign-in links and sessions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.coltypes

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_keys",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_web_keys")),
    )
    op.create_table(
        "faq_gap_decisions",
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=True),
        sa.Column("decided_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_faq_gap_decisions_staff_id_staff")),
        sa.PrimaryKeyConstraint("question", name=op.f("pk_faq_gap_decisions")),
    )
    op.create_table(
        "kb_entries",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("file_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["staff.id"], name=op.f("fk_kb_entries_updated_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_entries")),
    )
    op.create_table(
        "kb_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_kb_revisions_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_revisions")),
        sa.UniqueConstraint("entry_id", "version", name="uq_kb_revision"),
    )
    with op.batch_alter_table("kb_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kb_revisions_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "web_links",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_web_links_staff_id_staff")),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_web_links")),
    )
    with op.batch_alter_table("web_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_links_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", storage.coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_web_sessions_staff_id_staff")),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_web_sessions")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_staff_id"))

    op.drop_table("web_sessions")
    with op.batch_alter_table("web_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_links_staff_id"))

    op.drop_table("web_links")
    with op.batch_alter_table("kb_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kb_revisions_entry_id"))

    op.drop_table("kb_revisions")
    op.drop_table("kb_entries")
    op.drop_table("faq_gap_decisions")
    op.drop_table("web_keys")
