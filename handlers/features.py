"""Every feature module, assembled in one place: the order here is the order in /help."""

from __future__ import annotations

from handlers import account, core, faq
from handlers.registry import Registry


def build_registry() -> Registry:
    return Registry((core.FEATURE, account.FEATURE, faq.FEATURE))
