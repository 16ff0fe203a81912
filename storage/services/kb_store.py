"""The knowledge base's working copy in the database. The files (KEHU_KB_PATH or the bundled sample) seed it and
a sync brings in what changed in them; curators edit it on the web desk; every change is a revision (who, when,
how, what it became), and the shared KB version makes every instance serve it within a minute."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from knowledge.kb import FIELDS, Entry, KnowledgeBase, build_entry
from storage.errors import DomainError, NotFound
from storage.models import KbEntryRow, KbRevision
from storage.services import audit, coordination
from storage.uow import UnitOfWork

WORKING_COPY = "知识库"  # the "file" an entry of the working copy is reported in


class StaleEntry(DomainError):
    """Someone saved the entry after this editor opened it: saving would silently undo their change."""

    code = "web.kb.stale"


class EntryExists(DomainError):
    code = "web.kb.exists"


@dataclass(frozen=True)
class Stored:
    entry: Entry
    version: int
    updated_at: datetime
    updated_by: int | None


@dataclass(frozen=True)
class Revision:
    version: int
    action: str
    at: datetime
    staff_id: int | None
    data: dict[str, Any] | None
    staff_name: str = ""  # who made it; empty for a file sync


@dataclass(frozen=True)
class SyncReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def data_of(entry: Entry) -> dict[str, Any]:
    """The entry as plain JSON, in the order and with the names of the KB files."""
    data: dict[str, Any] = {
        "id": entry.id,
        "category": entry.category,
        "question": entry.question,
        "alternates": list(entry.alternates),
        "answer": entry.answer,
        "tags": list(entry.tags),
        "effective": entry.effective.isoformat() if entry.effective else None,
        "expires": entry.expires.isoformat() if entry.expires else None,
        "owner": entry.owner,
    }
    return {name: data[name] for name in FIELDS}


def entry_of(data: dict[str, Any], version: int = 0) -> Entry:
    """Validated as a file entry is (KBError with the field at fault); reported as 知识库:<version>."""
    return build_entry(Path(WORKING_COPY), {**data, "__line__": version})


def _digest(entry: Entry) -> str:
    return hashlib.sha256(json.dumps(data_of(entry), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def new_id(uow: UnitOfWork, category: str) -> str:
    """An id for an entry a curator did not name: the category's pinyin initials and the next free number
    (网点服务 → wdfw-1), so nobody has to know the id rules to add an entry."""
    from pypinyin import Style, lazy_pinyin

    letters = "".join(p[:1] for p in lazy_pinyin(category, style=Style.NORMAL, errors="ignore") if p[:1].isascii())
    stem = re.sub(r"[^a-z0-9]", "", letters.lower()) or "faq"
    taken = {row.id for row in uow.knowledge.rows()}
    return next(f"{stem}-{n}" for n in range(1, len(taken) + 2) if f"{stem}-{n}" not in taken)


def seeded(uow: UnitOfWork) -> bool:
    return uow.knowledge.any_entry()


def stored(uow: UnitOfWork, *, with_deleted: bool = False) -> list[Stored]:
    return [
        Stored(entry_of(row.data, row.version), row.version, row.updated_at, row.updated_by)
        for row in uow.knowledge.rows()
        if with_deleted or not row.deleted
    ]


def entries(uow: UnitOfWork) -> list[Entry]:
    return [item.entry for item in stored(uow)]


def knowledge_base(uow: UnitOfWork, files: KnowledgeBase) -> KnowledgeBase:
    """What the bot serves: the working copy, with the synonym files of the KB directory."""
    return KnowledgeBase(entries=entries(uow), root=files.root, synonym_files=files.synonym_files)


def get(uow: UnitOfWork, entry_id: str) -> Stored:
    row = uow.knowledge.get(entry_id)
    if row is None or row.deleted:
        raise NotFound()
    return Stored(entry_of(row.data, row.version), row.version, row.updated_at, row.updated_by)


def sync_files(uow: UnitOfWork, files: KnowledgeBase, now: datetime, actor: int | None = None) -> SyncReport:
    """Brings in the entries whose text in the files changed since the last sync (new ones too) and deletes those
    the files no longer have; an entry the files did not change keeps its edits from the desk."""
    rows = {row.id: row for row in uow.knowledge.rows()}
    created = updated = deleted = 0
    for entry in files.entries:
        digest = _digest(entry)
        row = rows.get(entry.id)
        if row is None:
            _create(uow, entry, "file", actor, now, file_digest=digest)
            created += 1
        elif row.file_digest != digest:
            _write(uow, row, data_of(entry), "file", actor, now, file_digest=digest)
            updated += 1
    in_files = {entry.id for entry in files.entries}
    for row in rows.values():
        if row.id not in in_files and row.file_digest is not None and not row.deleted:
            _write(uow, row, None, "file", actor, now, file_digest=None)
            deleted += 1
    return SyncReport(created, updated, deleted)


def apply_import(uow: UnitOfWork, imported: list[Entry], actor: int, now: datetime) -> SyncReport:
    """A spreadsheet or YAML file uploaded on the desk: new entries are created, changed ones get a new version,
    entries the file does not mention stay."""
    rows = {row.id: row for row in uow.knowledge.rows()}
    created = updated = 0
    for entry in imported:
        row = rows.get(entry.id)
        if row is None:
            _create(uow, entry, "import", actor, now, file_digest=None)
            created += 1
        elif row.deleted or entry_of(row.data) != replace(entry, source=WORKING_COPY, line=0):
            _write(uow, row, data_of(entry), "import", actor, now, file_digest=row.file_digest)
            updated += 1
    report = SyncReport(created, updated)
    if report.changed:
        audit.record(uow, actor, "kb_import", now, detail={"created": created, "updated": updated})
        announce(uow, now)
    return report


def create(uow: UnitOfWork, entry: Entry, actor: int, now: datetime, action: str = "desk") -> int:
    existing = uow.knowledge.get(entry.id)
    if existing is not None and not existing.deleted:
        raise EntryExists(id=entry.id)
    if existing is not None:  # an id used before and deleted: its history goes on
        _write(uow, existing, data_of(entry), action, actor, now, file_digest=existing.file_digest)
    else:
        _create(uow, entry, action, actor, now, file_digest=None)
    _changed(uow, actor, now, action, entry.id)
    return 1 if existing is None else existing.version


def save(uow: UnitOfWork, entry: Entry, expected: int, actor: int, now: datetime, action: str = "desk") -> int:
    """Replaces the entry if nobody saved it since version `expected`; returns the new version."""
    row = uow.knowledge.get(entry.id)
    if row is None or row.deleted:
        raise NotFound()
    if row.version != expected:
        raise StaleEntry(id=entry.id)
    version = _write(uow, row, data_of(entry), action, actor, now, file_digest=row.file_digest, expected=expected)
    _changed(uow, actor, now, action, entry.id)
    return version


def delete(uow: UnitOfWork, entry_id: str, expected: int, actor: int, now: datetime) -> None:
    row = uow.knowledge.get(entry_id)
    if row is None or row.deleted:
        raise NotFound()
    if row.version != expected:
        raise StaleEntry(id=entry_id)
    _write(uow, row, None, "desk", actor, now, file_digest=row.file_digest, expected=expected)
    _changed(uow, actor, now, "delete", entry_id)


def add_alternate(uow: UnitOfWork, entry_id: str, question: str, actor: int | None, now: datetime, action: str) -> bool:
    """Appends a phrasing to the entry (a gap or a suggestion accepted); False if it already had it."""
    current = get(uow, entry_id)
    question = question.strip()
    if not question or question in current.entry.phrasings:
        return False
    entry = replace(current.entry, alternates=(*current.entry.alternates, question))
    row = uow.knowledge.get(entry_id)
    assert row is not None
    _write(uow, row, data_of(entry), action, actor, now, file_digest=row.file_digest, expected=current.version)
    _changed(uow, actor, now, action, entry_id)
    return True


def history(uow: UnitOfWork, entry_id: str) -> list[Revision]:
    """Newest first, each with the name of who made it."""
    names: dict[int, str] = {}
    revisions = []
    for r in uow.knowledge.revisions(entry_id):
        if r.staff_id is not None and r.staff_id not in names:
            person = uow.staff.get(r.staff_id)
            names[r.staff_id] = person.name if person else ""
        name = names.get(r.staff_id, "") if r.staff_id is not None else ""
        revisions.append(Revision(r.version, r.action, r.at, r.staff_id, r.data, name))
    return revisions


def announce(uow: UnitOfWork, now: datetime) -> int:
    """Every instance reloads from the working copy at its next check (within 30 s)."""
    return coordination.announce(uow, coordination.KB, now)


def _create(
    uow: UnitOfWork, entry: Entry, action: str, actor: int | None, now: datetime, *, file_digest: str | None
) -> None:
    data = data_of(entry)
    row = KbEntryRow(id=entry.id, data=data, version=1, deleted=False, file_digest=file_digest)
    row.updated_at, row.updated_by = now, actor
    uow.knowledge.add(row)
    uow.knowledge.add_revision(
        KbRevision(entry_id=entry.id, version=1, action=action, data=data, at=now, staff_id=actor)
    )


def _write(
    uow: UnitOfWork,
    row: KbEntryRow,
    data: dict[str, Any] | None,
    action: str,
    actor: int | None,
    now: datetime,
    *,
    file_digest: str | None,
    expected: int | None = None,
) -> int:
    """One new version (`data` None deletes); with `expected`, only if the row is still at that version."""
    expected = row.version if expected is None else expected
    values: dict[str, object] = {"updated_at": now, "updated_by": actor, "file_digest": file_digest}
    values |= {"deleted": True} if data is None else {"data": data, "deleted": False}
    if not uow.knowledge.bump(row.id, expected, values):
        raise StaleEntry(id=row.id)
    revision = KbRevision(entry_id=row.id, version=expected + 1, action=action, data=data, at=now, staff_id=actor)
    uow.knowledge.add_revision(revision)
    return expected + 1


def _changed(uow: UnitOfWork, actor: int | None, now: datetime, action: str, entry_id: str) -> None:
    audit.record(uow, actor, f"kb_{action}", now, entity="kb_entry", entity_id=entry_id)
    announce(uow, now)
