"""The desk's ASGI application, built from the running app's parts, and its server for `kehu web` / `kehu run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bot.bootstrap import App
from bot.config import Settings
from bot.web import admin_pages, auth_pages, kb_pages, team_pages
from bot.web.desk import Desk
from bot.web.security import SecurityHeaders
from storage.errors import StorageUnavailable

log = logging.getLogger(__name__)


def desk_of(app: App) -> Desk:
    settings = app.settings
    secret = settings.web_secret.get_secret_value() if settings.web_secret else None
    secure = (settings.desk_url or "").startswith("https://")
    return Desk(app.uow_factory, app.clock, app.router, secret=secret, secure_cookie=secure)


def create_app(desk: Desk, settings: Settings) -> Starlette:
    """The desk's routes, security headers on every response, and Chinese pages for what goes wrong (no such page,
    a method a page does not take, the database not answering, an unexpected error) instead of plain English."""
    static = StaticFiles(packages=[("bot.web", "static")])
    routes = [
        *auth_pages.routes(desk),
        *kb_pages.routes(desk),
        *team_pages.routes(desk),
        *admin_pages.routes(desk, settings.telegram_bot_username),
        Mount("/static", static, name="static"),
    ]

    async def missing(request: Request, exc: Exception) -> Response:
        return desk.message(request, None, "web.no_page", status=getattr(exc, "status_code", 404))

    async def unavailable(request: Request, exc: Exception) -> Response:
        return desk.message(request, None, "web.unavailable", status=503)

    async def failed(request: Request, exc: Exception) -> Response:
        log.error("desk request %s %s failed", request.method, request.url.path, exc_info=exc)
        return desk.message(request, None, "web.failed", status=500)

    handlers = {404: missing, 405: missing, StorageUnavailable: unavailable, Exception: failed}
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)], exception_handlers=handlers)


class _Embedded(uvicorn.Server):
    """A desk inside `kehu run`: the channels own SIGINT and SIGTERM and stop the desk with themselves."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def server(app: App, settings: Settings, *, embedded: bool = False) -> uvicorn.Server:
    """The desk on KEHU_WEB_LISTEN:KEHU_WEB_PORT (127.0.0.1 by default: the bank's reverse proxy faces users)."""
    assert settings.web_port is not None
    config = uvicorn.Config(
        create_app(desk_of(app), settings),
        host=settings.web_listen,
        port=settings.web_port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_level="warning",
        access_log=False,
        server_header=False,
    )
    return _Embedded(config) if embedded else uvicorn.Server(config)


async def serve_desk(app: App, settings: Settings) -> None:
    """Only the desk, until interrupted (`kehu web`); it follows KB changes made on other instances."""
    web = server(app, settings)
    log.info("web desk on %s", settings.desk_url)
    follow = asyncio.create_task(_follow(app))
    try:
        await web.serve()
    finally:
        follow.cancel()


async def _follow(app: App) -> None:
    while True:
        await asyncio.sleep(30)
        await app.jobs.follow_kb()


def serve_in_thread(app: App, settings: Settings) -> threading.Thread:
    """The desk beside the console (`make run` with KEHU_WEB_PORT set), on its own loop in a daemon thread."""
    web = server(app, settings, embedded=True)
    thread = threading.Thread(target=web.run, name="kehu-web", daemon=True)
    thread.start()
    return thread
