"""leases (one scheduler leader among instances), shared versions (a /kb_reload every instance sees) and the
digests of published command menus (a start publishes only what changed)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.coltypes

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_table(
        "shared_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_shared_versions")),
    )
    op.create_table(
        "published_menus",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("published_at", storage.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "scope", name=op.f("pk_published_menus")),
    )


def downgrade() -> None:
    op.drop_table("published_menus")
    op.drop_table("shared_versions")
    op.drop_table("leases")
