"""The web desk on the seeded demo database, reached through its real ASGI application."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.bootstrap import App, build_app
from bot.config import load_settings
from bot.web.app import create_app, desk_of
from storage.clock import FrozenClock
from tests.chat import Chat

DESK = "http://127.0.0.1:8088"


@pytest.fixture
def desk_app(demo_db_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[App]:
    """The whole app with the desk enabled, its KB served from the database's working copy."""
    settings = load_settings(
        {"DATABASE_URL": demo_db_url, "KEHU_DATA_DIR": str(tmp_path / "data"), "KEHU_WEB_PORT": "8088"},
        env_file=None,
    )
    app = build_app(settings, clock=clock)
    yield app
    app.close()


@pytest.fixture
def client(desk_app: App) -> Iterator[TestClient]:
    with TestClient(create_app(desk_of(desk_app), desk_app.settings), follow_redirects=False) as http:
        yield http


def web_link(app: App, who: str) -> str:
    """What a person gets by sending /web in a private chat: the one-time link, as its path on the desk."""
    text = Chat(app, who).send("/web")
    found = re.search(re.escape(DESK) + r"(/login/\S+)", text)
    assert found, text
    return found.group(1)


def sign_in(http: TestClient, app: App, who: str) -> None:
    response = http.get(web_link(app, who))
    assert response.status_code == 303 and response.headers["location"] == "/"


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)
