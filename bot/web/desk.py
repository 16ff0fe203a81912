"""What every page of the desk shares: the parts it is wired from, the signed-in visitor, CSRF on every form, the
database work run off the event loop, and rendering."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from handlers import messages
from handlers.context import Context
from handlers.errors import error_text
from handlers.formatting import Formatter
from handlers.router import Router
from storage.clock import Clock
from storage.enums import Role
from storage.errors import DomainError, StorageUnavailable
from storage.services import audit, web_auth
from storage.services.web_auth import WebUser
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
COOKIE = "kehu_desk"
MAX_UPLOAD = 5 * 1024 * 1024  # a KB, a roster or a month's targets is far smaller
T = TypeVar("T")

CURATORS = frozenset({Role.CURATOR, Role.ADMIN})
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass
class Visitor:
    """The signed-in staff member of a request, with the posted form (CSRF already checked)."""

    user: WebUser
    form: FormData | None = None

    @property
    def staff_id(self) -> int:
        return self.user.staff.id

    def fields(self, name: str) -> list[str]:
        """Every value posted under `name` (the questions of a gap cluster)."""
        values = self.form.getlist(name) if self.form is not None else []
        return [v.strip() for v in values if isinstance(v, str) and v.strip()]

    def field(self, name: str) -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip() if isinstance(value, str) else ""


Page = Callable[[Request, Visitor], Awaitable[Response]]


@dataclass
class Desk:
    uow_factory: UnitOfWorkFactory
    clock: Clock
    router: Router
    secret: str | None = None  # KEHU_WEB_SECRET; None: the key kept in the database
    secure_cookie: bool = False  # set when the desk is reached over https
    templates: Environment = field(
        default_factory=lambda: Environment(
            loader=PackageLoader("bot.web"), autoescape=select_autoescape(default=True), trim_blocks=True
        )
    )

    async def run(self, work: Callable[[UnitOfWork], T], *, commit: bool = False) -> T:
        """Database work in a thread: the event loop keeps serving while SQL runs."""

        def unit() -> T:
            with self.uow_factory() as uow:
                result = work(uow)
                if commit:
                    uow.commit()
                return result

        return await run_in_threadpool(unit)

    def context(self, visitor: Visitor, uow: UnitOfWork) -> Context:
        return self.router.desk_context(visitor.user.staff, uow, self.clock.now())

    def page(self, roles: frozenset[Role] | None = None) -> Callable[[Page], Callable[[Request], Awaitable[Response]]]:
        """Only for a signed-in visitor (else to the sign-in note), of one of `roles` (else 403, audited), and for
        a POST only with the session's CSRF token; a refusal of the services becomes its Chinese text."""

        def wrap(page: Page) -> Callable[[Request], Awaitable[Response]]:
            async def endpoint(request: Request) -> Response:
                now = self.clock.now()
                user = await self.run(lambda uow: web_auth.current(uow, request.cookies.get(COOKIE), now))
                if user is None:
                    if request.method == "GET":
                        return RedirectResponse("/signin", status_code=303)
                    return self.message(request, None, "web.signed_out", status=401)
                visitor = Visitor(user)
                if request.method == "POST":
                    visitor.form = await request.form()
                    token = visitor.field("csrf")
                    if not token or not hmac.compare_digest(token, user.csrf):
                        return self.message(request, visitor, "web.csrf", status=403)
                if roles is not None and user.staff.role not in roles:
                    await self.run(lambda uow: self._refused(uow, visitor, request), commit=True)
                    return self.message(request, visitor, "web.forbidden", status=403)
                try:
                    return await page(request, visitor)
                except StorageUnavailable:
                    raise  # the app's handler: 503, in Chinese
                except DomainError as exc:
                    text = error_text(user.staff.locale, exc)
                    return self.render(request, visitor, "message.html", {"text": text}, status=400)

            return endpoint

        return wrap

    def _refused(self, uow: UnitOfWork, visitor: Visitor, request: Request) -> None:
        audit.record(uow, visitor.staff_id, "forbidden", self.clock.now(), detail={"page": request.url.path})

    def render(
        self, request: Request, visitor: Visitor | None, template: str, values: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        locale = visitor.user.staff.locale if visitor else "zh-CN"
        page = self.templates.get_template(template).render(
            request=request,
            me=visitor.user if visitor else None,
            csrf=visitor.user.csrf if visitor else "",
            t=lambda key, **params: messages.text(locale, key, **params),
            fmt=Formatter(locale),
            role=Role,
            curators=CURATORS,
            supervisors=SUPERVISORS,
            admins=ADMINS,
            **values,
        )
        return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})

    async def uploaded(
        self, request: Request, visitor: Visitor, suffixes: tuple[str, ...]
    ) -> tuple[bytes, str] | HTMLResponse:
        """The posted file's bytes and suffix, or the refusal in Chinese: no file chosen, another kind, over 5 MB."""
        file = visitor.form.get("file") if visitor.form else None
        if not isinstance(file, UploadFile) or not file.filename:
            return self.message(request, visitor, "web.kb.no_file", status=400)
        data, suffix = await file.read(MAX_UPLOAD + 1), Path(file.filename).suffix.lower()
        if suffix not in suffixes or len(data) > MAX_UPLOAD:
            return self.message(request, visitor, "web.kb.bad_file", status=400)
        return data, suffix

    def message(self, request: Request, visitor: Visitor | None, key: str, *, status: int = 200) -> HTMLResponse:
        locale = visitor.user.staff.locale if visitor else "zh-CN"
        return self.render(request, visitor, "message.html", {"text": messages.text(locale, key)}, status=status)

    def now(self) -> datetime:
        return self.clock.now()

    def zone(self) -> ZoneInfo:
        """Where the bank is (KEHU_TIMEZONE): the desk shows its times there."""
        return ZoneInfo(self.router.default_timezone)

    def local_today(self) -> date:
        """Entries take effect and expire by the bank's local days."""
        return self.clock.now().astimezone(self.zone()).date()
