"""The database's limits checked before a flush, the same on SQLite and PostgreSQL: SQLite stores a 300-character
contact or 10¹⁸ in a Numeric(20, 2) silently, PostgreSQL refuses them with an error nobody can read. Here a value
over a column's length or range becomes a DomainError the user is told about, and text loses the NUL characters
and lone surrogates that PostgreSQL cannot store."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Integer, Numeric, String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DomainError

_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
_INT_LIMITS = {Integer: 2**31, BigInteger: 2**63}


class ValueTooLong(DomainError):
    code = "error.value_too_long"


class ValueOutOfRange(DomainError):
    code = "error.value_out_of_range"


def storable_text(text: str) -> str:
    """Text without NUL and lone surrogates (a broken emoji from a client), which PostgreSQL cannot store."""
    return _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _check_session)


def _check_session(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        check_row(row)


def check_row(row: object) -> None:
    """Cleans the row's text and raises ValueTooLong or ValueOutOfRange for the first value over its column."""
    mapper = inspect(row).mapper
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        value = getattr(row, attr.key, None)
        if value is None:
            continue
        kind = column.type
        if isinstance(value, str):
            clean = storable_text(value)
            if clean is not value and clean != value:
                setattr(row, attr.key, clean)
            if isinstance(kind, String) and kind.length and len(clean) > kind.length:
                raise ValueTooLong(field=f"{mapper.local_table.name}.{attr.key}", limit=kind.length, length=len(clean))
        elif isinstance(kind, Numeric) and kind.precision and isinstance(value, int | float | Decimal):
            if abs(value) >= 10 ** (kind.precision - (kind.scale or 0)):
                raise ValueOutOfRange(field=f"{mapper.local_table.name}.{attr.key}")
        elif isinstance(value, int) and not isinstance(value, bool):
            bound = next((b for t, b in _INT_LIMITS.items() if type(kind) is t), None)
            if bound is not None and not -bound <= value < bound:
                raise ValueOutOfRange(field=f"{mapper.local_table.name}.{attr.key}")
