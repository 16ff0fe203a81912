"""The one place where domain exceptions become user texts."""

from __future__ import annotations

from handlers import messages
from storage.errors import DomainError


class DateOutOfRange(DomainError):
    """A date phrase that names no usable day (99999999天后, 2月30日): asked about, never read as today."""

    code = "error.date_out_of_range"


def error_text(locale: str, error: DomainError) -> str:
    params = dict(error.params)
    if "field" in params:  # a table's column ("contacts.name"), said as the user knows it
        column = str(params["field"])
        keys = (f"field.{column}", f"field.{column.rsplit('.', 1)[-1]}", "field.other")
        params["field"] = next(messages.text(locale, k) for k in keys if messages.text(locale, k) != k)
    return messages.text(locale, error.code, **params)
