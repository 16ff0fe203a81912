"""Every feature module, assembled in one place: the order here is the order in /help, and free text tries
the features' text routes in this order (a visit report before a question)."""

from __future__ import annotations

from handlers import account, core, faq, staff_admin, tasks, team, visit_history, visits, web_desk
from handlers.registry import Registry


def build_registry() -> Registry:
    return Registry(
        (
            core.FEATURE,
            visits.FEATURE,
            visit_history.FEATURE,
            tasks.FEATURE,
            team.FEATURE,
            account.FEATURE,
            staff_admin.FEATURE,
            faq.FEATURE,
            web_desk.FEATURE,
        )
    )
