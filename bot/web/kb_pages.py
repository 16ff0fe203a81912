"""Curators' pages: the knowledge base by category with search, the entry editor with 试一试 (what the matcher
answers, before and after a save), the gap review, suggested alternates, and import/export."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.curation.check import Finding, check_entries
from bot.curation.gaps import cluster_questions
from bot.curation.spreadsheet import export_entries, import_entries, yaml_text
from bot.web.desk import CURATORS, Desk, Visitor
from handlers import messages
from knowledge.holder import KnowledgeHolder
from knowledge.kb import Entry, KBError, load_kb
from knowledge.matcher import MatchResult
from storage.errors import NotFound
from storage.services import coordination, faq_log, faq_suggestions, kb_store
from storage.uow import UnitOfWork

GAP_DAYS = 30
SUGGESTION_DAYS = 90
LIST_SEPARATORS = re.compile(r"[|,,、\n]+")


@dataclass(frozen=True)
class Tried:
    """One 试一试: the question and what the served matcher does with it."""

    question: str
    result: MatchResult


@dataclass(frozen=True)
class Change:
    version: int
    action: str
    at: datetime
    who: str
    fields: tuple[str, ...]


def routes(desk: Desk) -> list[Route]:
    knowledge = desk.router.services.knowledge

    def holder() -> KnowledgeHolder:
        if knowledge is None:
            raise NotFound()
        return knowledge

    def tried(question: str) -> Tried | None:
        question = question.strip()[:200]
        return Tried(question, holder().matcher.match(question, desk.local_today())) if question else None

    def reload_after(version: int) -> None:
        """This instance serves the change at once; the others follow the shared version within 30 s."""
        served = holder()
        served.reload()
        served.version = version

    @desk.page(CURATORS)
    async def kb_list(request: Request, visitor: Visitor) -> Response:
        query = request.query_params.get("q", "").strip()
        category = request.query_params.get("category", "")

        def work(uow: UnitOfWork) -> dict[str, Any]:
            entries = kb_store.entries(uow)
            shown = [e for e in entries if (not category or e.category == category) and _found(e, query)]
            groups: dict[str, list[Entry]] = {}
            for entry in sorted(shown, key=lambda e: (e.category, e.id)):
                groups.setdefault(entry.category, []).append(entry)
            since = desk.now() - timedelta(days=GAP_DAYS)
            return {
                "groups": groups,
                "categories": sorted({e.category for e in entries}),
                "total": len(entries),
                "shown": len(shown),
                "gaps": len(faq_log.review_queue(uow, since)),
                "expiring": _expiring(entries, desk.local_today()),
            }

        values = await desk.run(work)
        values |= {"q": query, "category": category, "calibration": holder().calibration}
        return desk.render(request, visitor, "kb_list.html", values)

    @desk.page(CURATORS)
    async def kb_entry(request: Request, visitor: Visitor) -> Response:
        entry_id = request.path_params["entry_id"]
        stored = await desk.run(lambda uow: kb_store.get(uow, entry_id))
        return await _editor(
            request, visitor, stored.entry, stored.version, [], tried(request.query_params.get("q", ""))
        )

    @desk.page(CURATORS)
    async def kb_new(request: Request, visitor: Visitor) -> Response:
        question = request.query_params.get("question", "")[:200]
        blank = Entry(id="", category=request.query_params.get("category", ""), question=question, answer="")
        gaps = request.query_params.getlist("gap")
        return await _editor(request, visitor, blank, 0, [], tried(question), gaps=gaps)

    async def _editor(
        request: Request,
        visitor: Visitor,
        entry: Entry,
        version: int,
        findings: list[Finding],
        trial: Tried | None,
        *,
        error: str | None = None,
        saved: int | None = None,
        before: Tried | None = None,
        gaps: list[str] | None = None,
        status: int = 200,
    ) -> Response:
        def work(uow: UnitOfWork) -> dict[str, Any]:
            others = kb_store.entries(uow)
            history = _history(uow, entry.id, desk.zone()) if version else []
            own = findings
            if not own and version:
                own = _findings(others, entry, desk.local_today())
            return {"categories": sorted({e.category for e in others}), "history": history, "findings": own}

        values = await desk.run(work)
        values["collisions"] = _collisions(holder(), entry.id) if version else []
        values |= {"entry": entry, "version": version, "tried": trial, "before": before, "error": error}
        values |= {"saved": saved, "gaps": gaps or []}
        return desk.render(request, visitor, "kb_edit.html", values, status=status)

    @desk.page(CURATORS)
    async def kb_save(request: Request, visitor: Visitor) -> Response:
        """Creates or saves the entry when `kehu kb check` would accept it; shows what it warns about, and what
        the try-box question gets before and after."""
        creating = visitor.field("version") in ("", "0")
        version = 0 if creating else int(visitor.field("version") or 0)
        data = _posted(visitor, request.path_params.get("entry_id"))
        if creating and not data["id"] and data["category"]:
            data["id"] = await desk.run(lambda uow: kb_store.new_id(uow, str(data["category"])))
        question = visitor.field("q")
        gaps = visitor.fields("gap")
        before = tried(question)
        try:
            entry = kb_store.entry_of(data)
        except KBError as exc:
            draft = _draft(data)
            error = _plain(str(exc))
            return await _editor(request, visitor, draft, version, [], before, error=error, gaps=gaps, status=400)

        def work(uow: UnitOfWork) -> tuple[int, list[Finding], int]:
            others = [e for e in kb_store.entries(uow) if e.id != entry.id]
            findings = _findings([*others, entry], entry, desk.local_today())
            if any(f.level == "error" for f in findings):
                return 0, findings, 0
            if creating:
                saved = kb_store.create(uow, entry, visitor.staff_id, desk.now())
                if gaps:
                    faq_log.decide_gaps(uow, gaps, "entry", visitor.staff_id, desk.now(), entry.id)
            else:
                saved = kb_store.save(uow, entry, version, visitor.staff_id, desk.now())
            return saved, findings, coordination.version(uow, coordination.KB)

        saved, findings, shared = await desk.run(work, commit=True)
        if not saved:
            error = "；".join(f.message for f in findings if f.level == "error")
            return await _editor(request, visitor, entry, version, findings, before, error=error, gaps=gaps, status=400)
        await desk.run(lambda uow: reload_after(shared))
        return await _editor(request, visitor, entry, saved, findings, tried(question), saved=saved, before=before)

    @desk.page(CURATORS)
    async def kb_delete(request: Request, visitor: Visitor) -> Response:
        entry_id = request.path_params["entry_id"]
        version = int(visitor.field("version") or 0)

        def work(uow: UnitOfWork) -> int:
            kb_store.delete(uow, entry_id, version, visitor.staff_id, desk.now())
            return coordination.version(uow, coordination.KB)

        shared = await desk.run(work, commit=True)
        await desk.run(lambda uow: reload_after(shared))
        return RedirectResponse("/kb", status_code=303)

    @desk.page(CURATORS)
    async def gaps(request: Request, visitor: Visitor) -> Response:
        since = desk.now() - timedelta(days=GAP_DAYS)
        questions = await desk.run(lambda uow: faq_log.review_queue(uow, since))
        matcher = holder().matcher
        clusters = cluster_questions(questions, matcher.normalise)
        rows = [(c, matcher.match(c.example, desk.local_today())) for c in clusters[:100]]
        entries = sorted(matcher.entries, key=lambda e: (e.category, e.id))
        return desk.render(request, visitor, "gaps.html", {"rows": rows, "entries": entries, "days": GAP_DAYS})

    @desk.page(CURATORS)
    async def gap_decide(request: Request, visitor: Visitor) -> Response:
        """One step per cluster: its main wording becomes an alternate of an entry, or the cluster is dismissed."""
        action = visitor.field("action")
        questions = visitor.fields("gap")
        example, entry_id = visitor.field("example"), visitor.field("entry_id")

        def work(uow: UnitOfWork) -> int:
            if action == "alternate":
                kb_store.add_alternate(uow, entry_id, example, visitor.staff_id, desk.now(), "gap")
                faq_log.decide_gaps(uow, questions, "alternate", visitor.staff_id, desk.now(), entry_id)
            else:
                faq_log.decide_gaps(uow, questions, "dismissed", visitor.staff_id, desk.now())
            return coordination.version(uow, coordination.KB)

        shared = await desk.run(work, commit=True)
        if action == "alternate":
            await desk.run(lambda uow: reload_after(shared))
        return RedirectResponse("/kb/gaps", status_code=303)

    @desk.page(CURATORS)
    async def suggestions(request: Request, visitor: Visitor) -> Response:
        since = desk.now() - timedelta(days=SUGGESTION_DAYS)
        served = holder().matcher.by_id
        pending = await desk.run(lambda uow: faq_suggestions.pending(uow, since))
        rows = [(s, served[s.entry_id]) for s in pending if s.entry_id in served]
        return desk.render(request, visitor, "suggestions.html", {"rows": rows})

    @desk.page(CURATORS)
    async def suggestion_decide(request: Request, visitor: Visitor) -> Response:
        accepted = visitor.field("decision") == "accept"
        suggestion = faq_suggestions.Suggestion(visitor.field("entry_id"), visitor.field("question"), 0)

        def work(uow: UnitOfWork) -> int:
            if accepted:
                kb_store.add_alternate(
                    uow, suggestion.entry_id, suggestion.question, visitor.staff_id, desk.now(), "suggestion"
                )
            faq_suggestions.decide(uow, suggestion, accepted, desk.now(), visitor.staff_id)
            return coordination.version(uow, coordination.KB)

        shared = await desk.run(work, commit=True)
        if accepted:
            await desk.run(lambda uow: reload_after(shared))
        return RedirectResponse("/kb/suggestions", status_code=303)

    @desk.page(CURATORS)
    async def export(request: Request, visitor: Visitor) -> Response:
        kind = request.path_params["kind"]
        entries = await desk.run(kb_store.entries)
        if kind == "yaml":
            body, media = yaml_text(entries).encode(), "application/yaml; charset=utf-8"
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "kb.xlsx"
                export_entries(entries, path)
                body = path.read_bytes()
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"kb-{desk.local_today():%Y%m%d}.{kind}"
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @desk.page(CURATORS)
    async def upload(request: Request, visitor: Visitor) -> Response:
        """An Excel, CSV or YAML file of entries: all rows valid or nothing imported, each error with its row."""
        upload = await desk.uploaded(request, visitor, (".xlsx", ".csv", ".yaml", ".yml"))
        if isinstance(upload, Response):
            return upload
        data, suffix = upload
        try:
            imported = _read_upload(data, suffix)
        except KBError as exc:
            text = "\n".join(_plain(line) for line in str(exc).splitlines())
            return desk.render(request, visitor, "message.html", {"text": text, "title": "导入失败"}, status=400)

        def work(uow: UnitOfWork) -> tuple[kb_store.SyncReport, int]:
            report = kb_store.apply_import(uow, imported, visitor.staff_id, desk.now())
            return report, coordination.version(uow, coordination.KB)

        report, shared = await desk.run(work, commit=True)
        if report.changed:
            await desk.run(lambda uow: reload_after(shared))
        text = visitor_text(visitor, "web.kb.imported", created=report.created, updated=report.updated)
        return desk.render(request, visitor, "message.html", {"text": text, "back": "/kb"})

    return [
        Route("/kb", kb_list),
        Route("/kb/new", kb_new),
        Route("/kb/new", kb_save, methods=["POST"]),
        Route("/kb/gaps", gaps),
        Route("/kb/gaps", gap_decide, methods=["POST"]),
        Route("/kb/suggestions", suggestions),
        Route("/kb/suggestions", suggestion_decide, methods=["POST"]),
        Route("/kb/export.{kind:str}", export),
        Route("/kb/import", upload, methods=["POST"]),
        Route("/kb/entry/{entry_id}", kb_entry),
        Route("/kb/entry/{entry_id}", kb_save, methods=["POST"]),
        Route("/kb/entry/{entry_id}/delete", kb_delete, methods=["POST"]),
    ]


def visitor_text(visitor: Visitor, key: str, **params: Any) -> str:
    return messages.text(visitor.user.staff.locale, key, **params)


def _found(entry: Entry, query: str) -> bool:
    if not query:
        return True
    text = " ".join((entry.id, entry.question, *entry.alternates, entry.answer, *entry.tags)).lower()
    return all(word in text for word in query.lower().split())


def _expiring(entries: list[Entry], today: date) -> list[Entry]:
    return [e for e in entries if e.expires and today <= e.expires <= today + timedelta(days=30)]


def _collisions(served: KnowledgeHolder, entry_id: str) -> list[str]:
    """What calibration saw: this entry's phrasings, held out, answered by another entry, or the reverse."""
    calibration, by_id = served.calibration, served.matcher.by_id
    if calibration is None:
        return []
    said = []
    for asked, answered, times in calibration.collisions:
        if asked == entry_id and answered in by_id:
            said.append(f"本条的问法有 {times} 次被答成了「{by_id[answered].question}」({answered})")
        elif answered == entry_id and asked in by_id:
            said.append(f"「{by_id[asked].question}」({asked})的问法有 {times} 次被答成了本条")
    return said


def _findings(entries: list[Entry], entry: Entry, today: date) -> list[Finding]:
    """What `kehu kb check` says about this entry among the others."""
    name = re.compile(rf"(?<![a-z0-9-]){re.escape(entry.id)}(?![a-z0-9-])")
    return [f for f in check_entries(entries, today) if name.search(f.message)]


def _posted(visitor: Visitor, entry_id: str | None) -> dict[str, Any]:
    lines = [line.strip() for line in visitor.field("alternates").splitlines()]
    return {
        "id": entry_id or visitor.field("id"),
        "category": visitor.field("category"),
        "question": visitor.field("question"),
        "alternates": [line for line in lines if line],
        "answer": visitor.field("answer"),
        "tags": [t.strip() for t in LIST_SEPARATORS.split(visitor.field("tags")) if t.strip()],
        "effective": visitor.field("effective") or None,
        "expires": visitor.field("expires") or None,
        "owner": visitor.field("owner") or None,
    }


def _draft(data: dict[str, Any]) -> Entry:
    """What was typed, shown again after a refusal (dates dropped if they did not parse)."""

    def day(value: Any) -> date | None:
        try:
            return date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    return Entry(
        id=str(data["id"]),
        category=str(data["category"]),
        question=str(data["question"]),
        answer=str(data["answer"]),
        alternates=tuple(data["alternates"]),
        tags=tuple(data["tags"]),
        effective=day(data["effective"]),
        expires=day(data["expires"]),
        owner=data["owner"],
    )


def _plain(message: str) -> str:
    """A KBError without its file and line, which mean nothing on the desk."""
    return re.sub(r"^[^:]*(?::\d+)?: ", "", message)


FIELD_NAMES = {
    "category": "分类",
    "question": "标准问题",
    "alternates": "其他问法",
    "answer": "答案",
    "tags": "标签",
    "effective": "生效日期",
    "expires": "失效日期",
    "owner": "负责人",
    "deleted": "删除",
}


def _history(uow: UnitOfWork, entry_id: str, zone: ZoneInfo) -> list[Change]:
    revisions = kb_store.history(uow, entry_id)
    changes = []
    for newer, older in zip(revisions, [*revisions[1:], None], strict=True):
        fields: tuple[str, ...] = ()
        if newer.data is None:
            fields = (FIELD_NAMES["deleted"],)
        elif older is not None and older.data is not None:
            fields = tuple(FIELD_NAMES.get(k, k) for k, v in newer.data.items() if older.data.get(k) != v)
        who = newer.staff_name
        changes.append(Change(newer.version, newer.action, newer.at.astimezone(zone), who, fields))
    return changes


def _read_upload(data: bytes, suffix: str) -> list[Entry]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        if suffix in (".yaml", ".yml"):
            return load_kb(path).entries
        return import_entries(path, Path(folder) / "out")
