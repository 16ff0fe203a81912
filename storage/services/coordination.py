"""Instances on one database: one scheduler leader at a time (a lease in the database, renewed while the leader
lives, taken over by another instance within 45 s of its death), shared versions that every instance polls
(the knowledge base reloaded on one is reloaded on all), and the digests of the command menus last published (a
start publishes only the menus that changed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.uow import UnitOfWork

SCHEDULER = "scheduler"
LEASE_TTL = timedelta(seconds=30)  # renewed every 15 s: a dead leader's lease lapses and is taken within 45 s
KB = "kb"
INSTANCE = "instance:"  # one lease per running instance, its heartbeat: the outgoing rate is shared among them


def lead(uow: UnitOfWork, name: str, holder: str, now: datetime, ttl: timedelta = LEASE_TTL) -> bool:
    """True when `holder` holds (or has just taken) the lease for the next `ttl`."""
    return uow.coordination.take_lease(name, holder, now, now + ttl)


def step_down(uow: UnitOfWork, name: str, holder: str, now: datetime) -> None:
    """A graceful stop: the lease lapses at once, so another instance leads from its next tick."""
    uow.coordination.release_lease(name, holder, now)


def heartbeat(uow: UnitOfWork, holder: str, now: datetime) -> int:
    """This instance is alive for another lease period; returns how many instances are."""
    uow.coordination.take_lease(INSTANCE + holder, holder, now, now + LEASE_TTL)
    return uow.coordination.live_leases(INSTANCE, now)


def leader(uow: UnitOfWork, name: str, now: datetime) -> str | None:
    return uow.coordination.lease_holder(name, now)


def version(uow: UnitOfWork, name: str) -> int:
    return uow.coordination.version(name)


def announce(uow: UnitOfWork, name: str, now: datetime) -> int:
    """A change every instance should pick up (a KB reload): the shared version goes up."""
    return uow.coordination.bump(name, now)


def menu_digests(uow: UnitOfWork, platform: str) -> dict[str, str]:
    """scope → digest of the menu last published there."""
    return uow.coordination.menu_digests(platform)


def menu_published(uow: UnitOfWork, platform: str, scope: str, digest: str, now: datetime) -> None:
    uow.coordination.record_menu(platform, scope, digest, now)
