"""The one place where domain exceptions become user texts."""

from __future__ import annotations

from handlers import messages
from storage.errors import DomainError


def error_text(locale: str, error: DomainError) -> str:
    return messages.text(locale, error.code, **error.params)
