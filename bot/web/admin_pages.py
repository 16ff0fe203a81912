"""Admins' pages: the staff with roles and teams, invite codes with a Telegram deep link and its QR code, targets
and results imports with a row-by-row report, and next year's working calendar (imported or not)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import segno
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot import roster
from bot.spreadsheets import SheetError, read_table
from bot.web.desk import ADMINS, Desk, Visitor
from storage.services import audit, imports, onboarding, org
from storage.services.imports import ImportReport
from storage.uow import UnitOfWork

Importer = Callable[[UnitOfWork, Iterable[tuple[int, dict[str, Any]]], int, datetime], ImportReport]
IMPORTS: dict[str, tuple[str, Importer]] = {
    "targets": ("指标", lambda uow, rows, actor, now: imports.import_targets(uow, rows, actor, now)),
    "results": ("业绩", lambda uow, rows, actor, now: imports.import_results(uow, rows, now, actor)),
}


def routes(desk: Desk, telegram_bot: str | None) -> list[Route]:
    @desk.page(ADMINS)
    async def staff_list(request: Request, visitor: Visitor) -> Response:
        members = await desk.run(lambda uow: org.members_in_scope(uow, visitor.user.staff))
        return desk.render(request, visitor, "staff.html", {"members": members})

    @desk.page(ADMINS)
    async def invite(request: Request, visitor: Visitor) -> Response:
        """A fresh invite code (7 days, one use) for one member of staff, with the deep link and its QR code."""
        staff_no = visitor.field("staff_no")

        def work(uow: UnitOfWork) -> tuple[onboarding.StaffCard, str]:
            card = onboarding.staff_card(uow, staff_no)
            return card, onboarding.issue_invite(uow, card.staff_no, desk.now(), actor_id=visitor.staff_id)

        card, code = await desk.run(work, commit=True)
        link = f"https://t.me/{telegram_bot.lstrip('@')}?start={code}" if telegram_bot else None
        qr = segno.make(link, error="m").svg_data_uri(scale=5) if link else None
        return desk.render(request, visitor, "invite.html", {"card": card, "code": code, "link": link, "qr": qr})

    @desk.page(ADMINS)
    async def upload(request: Request, visitor: Visitor) -> Response:
        """Targets or results from a spreadsheet: every row checked first; any bad row imports nothing."""
        kind = request.path_params["kind"]
        if kind not in IMPORTS:
            return Response(status_code=404)
        what, importer = IMPORTS[kind]
        upload = await desk.uploaded(request, visitor, (".xlsx", ".csv"))
        if isinstance(upload, Response):
            return upload
        data, suffix = upload
        try:
            rows = _rows(data, suffix)
        except SheetError as exc:
            return desk.render(request, visitor, "report.html", {"what": what, "errors": [str(exc)], "done": 0})

        def work(uow: UnitOfWork) -> ImportReport:
            report = importer(uow, rows, visitor.staff_id, desk.now())
            if not report.errors:
                uow.commit()
            return report

        report = await desk.run(work)
        values = {"what": what, "errors": report.errors, "done": report.imported}
        return desk.render(request, visitor, "report.html", values, status=400 if report.errors else 200)

    @desk.page(ADMINS)
    async def roster_upload(request: Request, visitor: Visitor) -> Response:
        """A roster: every row checked, any bad row imports nobody; then everyone with an invite code."""
        upload = await desk.uploaded(request, visitor, (".xlsx", ".csv"))
        if isinstance(upload, Response):
            return upload
        data, suffix = upload
        new_teams = visitor.field("new_teams") == "1"
        try:
            rows = _rows(data, suffix)
        except SheetError as exc:
            return desk.render(request, visitor, "report.html", {"what": "人员", "errors": [str(exc)], "done": 0})

        def work(uow: UnitOfWork) -> tuple[list[str], list[roster.Invited]]:
            people, errors = roster.check_rows(uow, rows, desk.router.default_timezone, new_teams=new_teams)
            if errors:
                return errors, []
            invited = roster.add_people(uow, people, desk.now(), new_teams=new_teams)
            audit.record(uow, visitor.staff_id, "roster_imported", desk.now(), detail={"rows": len(invited)})
            uow.commit()
            return [], invited

        errors, invited = await desk.run(work)
        values = {"what": "人员", "errors": errors, "done": len(invited), "invited": invited, "bot": telegram_bot}
        return desk.render(request, visitor, "report.html", values, status=400 if errors else 200)

    @desk.page(ADMINS)
    async def calendar(request: Request, visitor: Visitor) -> Response:
        """Next year's days off and make-up workdays as the bot will use them, and whether they are settled."""
        year = desk.local_today().year + 1
        served = desk.router.services.calendar
        days = [d for n in range(366) if (d := date(year, 1, 1) + timedelta(days=n)).year == year]
        off = [d for d in days if served.is_holiday(d)]
        makeup = [d for d in days if d.weekday() >= 5 and served.is_workday(d)]
        values = {
            "year": year,
            "imported": year in served.arranged_years,
            "published": served.published(year),
            "off": off,
            "makeup": makeup,
        }
        return desk.render(request, visitor, "calendar.html", values)

    return [
        Route("/admin/staff", staff_list),
        Route("/admin/invite", invite, methods=["POST"]),
        Route("/admin/import/roster", roster_upload, methods=["POST"]),
        Route("/admin/import/{kind:str}", upload, methods=["POST"]),
        Route("/admin/calendar", calendar),
    ]


def _rows(data: bytes, suffix: str) -> list[tuple[int, dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return read_table(path)[1]
