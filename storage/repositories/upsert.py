"""INSERT … ON CONFLICT for the database a session is bound to: both PostgreSQL and SQLite have it, each under
its own dialect's insert()."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Base


def insert(session: Session, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """A Core insert into the model's table (a row back only with RETURNING: rowcount is not reliable here)."""
    table: Table = Base.metadata.tables[model.__tablename__]
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
