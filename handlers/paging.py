"""Lists that finish: a long list is shown a page at a time, with 上一页 / 下一页 buttons that run the same list
again on another page (the list is read afresh, so a page reflects what was done meanwhile)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from handlers.context import Context
from handlers.types import Button

T = TypeVar("T")
PAGE_SIZE = 10


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 1-based, clamped to the pages there are
    pages: int
    offset: int  # items before this page, for numbering lines across pages


def page_of(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    pages = max(1, -(-len(items) // size))
    number = min(max(number, 1), pages)
    offset = (number - 1) * size
    return Page(items[offset : offset + size], number, pages, offset)


def footer(ctx: Context, page: Page[Any]) -> list[str]:
    """「第 2/3 页」 under a list of more than one page."""
    return [ctx.t("page.footer", page=page.number, pages=page.pages)] if page.pages > 1 else []


def buttons(ctx: Context, page: Page[Any], action: str, **payload: Any) -> tuple[tuple[Button, ...], ...]:
    """One row with ◀ 上一页 and/or 下一页 ▶; none for a single page."""
    row = []
    if page.number > 1:
        row.append(ctx.button(ctx.t("page.previous"), action, page=page.number - 1, **payload))
    if page.number < page.pages:
        row.append(ctx.button(ctx.t("page.next"), action, page=page.number + 1, **payload))
    return (tuple(row),) if row else ()


def number(payload: dict[str, Any]) -> int:
    """The page a button asks for (1 when the payload has none or a bad one)."""
    value = payload.get("page", 1)
    return value if isinstance(value, int) else 1
