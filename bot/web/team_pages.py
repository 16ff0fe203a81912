"""Supervisors' pages: /team for any period with its chart and Excel, drill-down to a manager's visits and to one
visit with this supervisor's spot check of it. The same handlers and services as the chat, so the same scopes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.web.desk import SUPERVISORS, Desk, Visitor
from handlers import messages, metrics
from handlers.formatting import Formatter
from handlers.periods import period
from handlers.team import TeamReport, team_chart, team_report, team_workbook
from handlers.types import ImageReply
from handlers.visit_history import period_bounds
from storage.errors import NotInScope
from storage.masking import mask_phone
from storage.services import spot_checks, visits
from storage.uow import UnitOfWork

PERIODS = ("本周", "上周", "本月", "上月", "本季度", "上季度", "本年")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(report: TeamReport, visitor: Visitor) -> tuple[list[str], list[list[str]]]:
    """Each metric's name, and per manager "done / target · share" in 万 for money and plain counts otherwise."""
    locale = visitor.user.staff.locale
    fmt = Formatter(locale)
    measured = sorted({p.metric for line in report.summary.lines for p in line.progress})
    progress = [p for line in report.summary.lines for p in line.progress]
    largest = {m: max(p.target for p in progress if p.metric == m) for m in measured}
    names = [metrics.label(lambda key, **kw: messages.text(locale, key, **kw), m) for m in measured]
    rows = []
    for line in report.summary.lines:
        by_metric = {p.metric: p for p in line.progress}
        row = []
        for m in measured:
            p = by_metric.get(m)
            if p is None:
                row.append("—")
                continue
            show = fmt.money if metrics.is_money(m, Decimal(largest[m])) else fmt.count
            row.append(f"{show(p.actual)} / {show(p.target)} · {fmt.percent(p.share)}")
        rows.append(row)
    return names, rows


def routes(desk: Desk) -> list[Route]:
    def report_of(request: Request, visitor: Visitor, uow: UnitOfWork) -> tuple[TeamReport | None, Any]:
        ctx = desk.context(visitor, uow)
        words = " ".join(w for w in (request.query_params.get("period", "本月"), request.query_params.get("who")) if w)
        return team_report(ctx, words), ctx

    @desk.page(SUPERVISORS)
    async def team_view(request: Request, visitor: Visitor) -> Response:
        chosen = request.query_params.get("period", "本月")
        report, _ = await desk.run(lambda uow: report_of(request, visitor, uow))
        if report is None:
            return desk.message(request, visitor, "team.usage", status=400)
        names, cells = _cells(report, visitor)
        values = {"report": report, "period": chosen, "periods": PERIODS, "metric_names": names, "cells": cells}
        return desk.render(request, visitor, "team.html", values)

    @desk.page(SUPERVISORS)
    async def chart(request: Request, visitor: Visitor) -> Response:
        def work(uow: UnitOfWork) -> bytes | None:
            report, ctx = report_of(request, visitor, uow)
            if report is None or not report.summary.lines:
                return None
            images = [r for r in team_chart(ctx, report) if isinstance(r, ImageReply)]
            return images[0].data if images else None

        png = await desk.run(work)
        if png is None:
            return Response(status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    @desk.page(SUPERVISORS)
    async def workbook(request: Request, visitor: Visitor) -> Response:
        def work(uow: UnitOfWork) -> tuple[bytes, str] | None:
            report, ctx = report_of(request, visitor, uow)
            if report is None:
                return None
            return team_workbook(ctx, report), f"team-{report.summary.start:%Y%m%d}-{report.summary.end:%Y%m%d}.xlsx"

        found = await desk.run(work)
        if found is None:
            return desk.message(request, visitor, "team.usage", status=400)
        body, name = found
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
        return Response(body, media_type=XLSX, headers=headers)

    @desk.page(SUPERVISORS)
    async def member(request: Request, visitor: Visitor) -> Response:
        """One manager's visits in the period; a name outside the teams gets the same refusal as a name nobody
        has."""
        who = request.query_params.get("who", "").strip()
        chosen = request.query_params.get("period", "本月")

        def work(uow: UnitOfWork) -> dict[str, Any]:
            ctx = desk.context(visitor, uow)
            span = period(chosen, ctx.local_now.date(), ctx.calendar) or period("本月", ctx.local_now.date())
            assert span is not None
            found = visits.member_visits(uow, visitor.user.staff, who, *period_bounds(ctx, span)) if who else None
            if found is None:
                raise NotInScope()
            return {"name": found[0], "rows": found[1], "span": span, "period": chosen, "tz": ctx.tz}

        return desk.render(request, visitor, "member.html", await desk.run(work))

    @desk.page(SUPERVISORS)
    async def visit(request: Request, visitor: Visitor) -> Response:
        visit_id = int(request.path_params["visit_id"])

        def work(uow: UnitOfWork) -> dict[str, Any]:
            card = spot_checks.visit_card(uow, visitor.user.staff, visit_id)
            return {"card": card, "phone": mask_phone(card.item.phone), "tz": desk.context(visitor, uow).tz}

        return desk.render(request, visitor, "visit.html", await desk.run(work))

    return [
        Route("/team", team_view),
        Route("/team/chart.png", chart),
        Route("/team/export.xlsx", workbook),
        Route("/team/member", member),
        Route("/team/visit/{visit_id:int}", visit),
    ]
