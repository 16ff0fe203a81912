"""Sign-in links: signed, single use, ten minutes, only for active staff; sessions end on sign-out and expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.clock import FrozenClock
from storage.services import staff, web_auth
from storage.uow import UnitOfWork


def test_a_link_opens_one_session_once_and_the_session_ends_on_sign_out(
    demo_uow: UnitOfWork, clock: FrozenClock
) -> None:
    with demo_uow as uow:
        key = web_auth.signing_key(uow, None, clock.now())
        assert web_auth.signing_key(uow, None, clock.now()) == key  # one key, shared by every instance
        zhang = staff.pick(uow, "张伟")
        link = web_auth.issue_link(uow, zhang.id, key, clock.now())
        cookie, user = web_auth.redeem(uow, link, key, clock.now())
        assert user.staff.name == "张伟" and len(user.csrf) >= 32
        with pytest.raises(web_auth.LinkRefused):
            web_auth.redeem(uow, link, key, clock.now())  # used already
        found = web_auth.current(uow, cookie, clock.now())
        assert found is not None and found.csrf == user.csrf
        assert web_auth.current(uow, cookie, clock.now() + web_auth.SESSION_TTL) is None
        web_auth.sign_out(uow, cookie, zhang.id, clock.now())
        assert web_auth.current(uow, cookie, clock.now()) is None
        assert web_auth.current(uow, "forged", clock.now()) is None


def test_expired_forged_and_deactivated_links_are_refused_alike(demo_uow: UnitOfWork, clock: FrozenClock) -> None:
    with demo_uow as uow:
        key = web_auth.signing_key(uow, "configured-secret", clock.now())
        assert key == "configured-secret"
        zhang = staff.pick(uow, "张伟")
        late = web_auth.issue_link(uow, zhang.id, key, clock.now())
        with pytest.raises(web_auth.LinkRefused):
            web_auth.redeem(uow, late, key, clock.now() + timedelta(minutes=11))
        other_key = web_auth.issue_link(uow, zhang.id, "another-secret", clock.now())
        with pytest.raises(web_auth.LinkRefused):
            web_auth.redeem(uow, other_key, key, clock.now())
        with pytest.raises(web_auth.LinkRefused):
            web_auth.redeem(uow, late[:-2] + "xx", key, clock.now())
        link = web_auth.issue_link(uow, zhang.id, key, clock.now())
        row = uow.staff.get(zhang.id)
        assert row is not None
        row.active = False
        with pytest.raises(web_auth.LinkRefused):
            web_auth.redeem(uow, link, key, clock.now())
