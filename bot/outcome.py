"""What became of one push sent to a chat, as every channel reports it to the scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the user blocked the bot: pushes stop until they write again
    FAILED = "failed"  # the platform refused it for good (chat not found, bad request): not retried
    RETRY = "retry"  # not delivered and safe to send again (rate limited, network down): retried after the lease
    UNKNOWN = "unknown"  # a timeout after the request left: maybe delivered, so never sent again (at most once)


@dataclass(frozen=True)
class Delivered:
    outcome: Outcome
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SENT
