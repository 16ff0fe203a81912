"""Signing in to the web desk without a password: a one-time link (signed, used once, within ten minutes) asked
for in chat (/web) or printed on the server (`kehu web link`), which opens a browser session kept in the database
with its own CSRF token. Only hashes of links and session cookies are stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from storage.errors import DomainError
from storage.models import WebLink, WebSession
from storage.services import audit
from storage.services.staff import StaffView, view_of
from storage.uow import UnitOfWork

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=8)  # one working day; signing out ends it sooner
_SALT = "kehu-web-link"


class LinkRefused(DomainError):
    """A link that is forged, expired, used already, or of someone no longer active: one answer for all."""

    code = "web.link_refused"


@dataclass(frozen=True)
class WebUser:
    staff: StaffView
    csrf: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signing_key(uow: UnitOfWork, configured: str | None, now: datetime) -> str:
    """KEHU_WEB_SECRET when set; otherwise one key made by the first instance and read by all."""
    return configured or uow.web.key("link-signing", secrets.token_urlsafe(48), now)


def issue_link(uow: UnitOfWork, staff_id: int, key: str, now: datetime) -> str:
    """The token of a sign-in link for `staff_id`; the caller puts it into the desk's address."""
    token = secrets.token_urlsafe(24)
    uow.web.add_link(WebLink(digest=_digest(token), staff_id=staff_id, created_at=now, expires_at=now + LINK_TTL))
    audit.record(uow, staff_id, "web_link_issued", now, entity="staff", entity_id=staff_id)
    return URLSafeTimedSerializer(key, salt=_SALT).dumps(token)


def redeem(uow: UnitOfWork, signed: str, key: str, now: datetime) -> tuple[str, WebUser]:
    """Uses the link up and opens a session: (the session cookie's value, who signed in)."""
    try:
        token = URLSafeTimedSerializer(key, salt=_SALT).loads(signed, max_age=int(LINK_TTL.total_seconds()))
    except BadSignature:  # SignatureExpired is one
        raise LinkRefused() from None
    staff_id = uow.web.use_link(_digest(str(token)), now)
    staff = uow.staff.get(staff_id) if staff_id is not None else None
    if staff is None or not staff.active:
        raise LinkRefused()
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now + SESSION_TTL
    uow.web.add_session(
        WebSession(digest=_digest(cookie), staff_id=staff.id, csrf=csrf, created_at=now, expires_at=expires)
    )
    audit.record(uow, staff.id, "web_signed_in", now, entity="staff", entity_id=staff.id)
    return cookie, WebUser(view_of(staff), csrf, expires)


def current(uow: UnitOfWork, cookie: str | None, now: datetime) -> WebUser | None:
    """The signed-in staff member of a session cookie, or None (no cookie, ended, expired, deactivated)."""
    if not cookie:
        return None
    row = uow.web.live_session(_digest(cookie), now)
    if row is None:
        return None
    staff = uow.staff.get(row.staff_id)
    if staff is None or not staff.active:
        return None
    return WebUser(view_of(staff), row.csrf, row.expires_at)


def sign_out(uow: UnitOfWork, cookie: str, actor: int, now: datetime) -> None:
    uow.web.end_session(_digest(cookie), now)
    audit.record(uow, actor, "web_signed_out", now, entity="staff", entity_id=actor)
