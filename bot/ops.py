"""Operations endpoints on their own port (KEHU_OPS_PORT, bound to 127.0.0.1 by default, for the load balancer and
Prometheus): /healthz answers 200 while the database answers (503 otherwise) and says whether this instance leads
the scheduler; /metrics is the Prometheus text format of handlers/telemetry.py."""

from __future__ import annotations

import asyncio
import json

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

from bot.bootstrap import App
from handlers import telemetry
from storage.errors import StorageUnavailable
from storage.services import housekeeping


class HealthHandler(RequestHandler):
    def initialize(self, app: App) -> None:
        self.app = app

    async def get(self) -> None:
        try:
            await asyncio.to_thread(self._ping)
            database = "ok"
        except StorageUnavailable:
            database = "unavailable"
        self.set_status(200 if database == "ok" else 503)
        self.set_header("Content-Type", "application/json")
        body = {"status": "ok" if database == "ok" else "degraded", "database": database}
        self.finish(json.dumps(body | {"scheduler_leader": self.app.jobs.leading}))

    def _ping(self) -> None:
        with self.app.uow_factory() as uow:
            housekeeping.ping(uow)


class MetricsHandler(RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest(telemetry.REGISTRY))


def start_ops(app: App, listen: str, port: int) -> HTTPServer:
    """Serves /healthz and /metrics on the running event loop until the returned server is stopped."""
    routes = Application([(r"/healthz", HealthHandler, {"app": app}), (r"/metrics", MetricsHandler)])
    server = HTTPServer(routes)
    server.listen(port, address=listen)
    return server
