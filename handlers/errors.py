"""The one place where domain exceptions become user texts."""

from __future__ import annotations

from handlers import messages
from storage.errors import DomainError


def error_text(locale: str, error: DomainError) -> str:
    params = dict(error.params)
    if "field" in params:  # a table's column ("contacts.name"), said as the user knows it
        column = str(params["field"])
        keys = (f"field.{column}", f"field.{column.rsplit('.', 1)[-1]}", "field.other")
        params["field"] = next(messages.text(locale, k) for k in keys if messages.text(locale, k) != k)
    return messages.text(locale, error.code, **params)
