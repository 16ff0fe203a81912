"""The knowledge base's working copy: seeded from files, edited on the desk, synced again without losing the
desk's edits, every change a revision; two editors cannot silently overwrite each other."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.bootstrap import working_copy
from knowledge.kb import KBError, load_kb
from storage.clock import FrozenClock
from storage.services import coordination, kb_store, staff
from storage.uow import UnitOfWork

KB = """
- id: card-loss
  category: 信用卡
  question: 信用卡丢了怎么办?
  answer: 立即拨打客服电话挂失。
- id: fx-rate
  category: 外汇
  question: 今天美元汇率多少?
  answer: 以手机银行实时牌价为准。
"""


def _files(tmp_path: Path, text: str = KB) -> Path:
    path = tmp_path / "kb"
    path.mkdir(exist_ok=True)
    (path / "entries.yaml").write_text(text, encoding="utf-8")
    return path


def test_files_seed_the_working_copy_and_a_sync_keeps_desk_edits_of_unchanged_entries(
    demo_uow: UnitOfWork, clock: FrozenClock, tmp_path: Path
) -> None:
    path = _files(tmp_path)
    with demo_uow as uow:
        assert kb_store.sync_files(uow, load_kb(path), clock.now()) == kb_store.SyncReport(created=2)
        admin = staff.pick(uow, "admin")
        card = kb_store.get(uow, "card-loss")
        edited = replace(card.entry, answer="拨打 95588 挂失,并冻结卡片。", alternates=("卡掉了",))
        assert kb_store.save(uow, edited, card.version, admin.id, clock.now()) == 2
        # the same files again: nothing of theirs changed, so the desk's edit stays
        assert not kb_store.sync_files(uow, load_kb(path), clock.now()).changed
        assert kb_store.get(uow, "card-loss").entry.answer.startswith("拨打 95588")
        # the files change the other entry and drop none: only that one is replaced
        _files(tmp_path, KB.replace("以手机银行实时牌价为准", "以网点牌价为准"))
        assert kb_store.sync_files(uow, load_kb(path), clock.now()) == kb_store.SyncReport(updated=1)
        assert kb_store.get(uow, "fx-rate").entry.answer == "以网点牌价为准。"
        assert kb_store.get(uow, "card-loss").entry.alternates == ("卡掉了",)
        history = kb_store.history(uow, "card-loss")
        assert [(r.version, r.action, r.staff_id) for r in history] == [(2, "desk", admin.id), (1, "file", None)]
        assert history[0].data is not None and history[0].data["alternates"] == ["卡掉了"]


def test_a_save_over_someone_elses_newer_version_is_refused(
    demo_uow: UnitOfWork, clock: FrozenClock, tmp_path: Path
) -> None:
    with demo_uow as uow:
        kb_store.sync_files(uow, load_kb(_files(tmp_path)), clock.now())
        admin = staff.pick(uow, "admin")
        opened = kb_store.get(uow, "fx-rate")
        kb_store.save(uow, replace(opened.entry, answer="甲的修改"), opened.version, admin.id, clock.now())
        with pytest.raises(kb_store.StaleEntry):
            kb_store.save(uow, replace(opened.entry, answer="乙的修改"), opened.version, admin.id, clock.now())
        assert kb_store.get(uow, "fx-rate").entry.answer == "甲的修改"


def test_entries_are_validated_as_files_are_and_changes_reach_other_instances(
    demo_uow: UnitOfWork, clock: FrozenClock, tmp_path: Path
) -> None:
    with demo_uow as uow:
        kb_store.sync_files(uow, load_kb(_files(tmp_path)), clock.now())
        admin = staff.pick(uow, "admin")
        before = coordination.version(uow, coordination.KB)
        with pytest.raises(KBError, match="缺少字段 answer"):
            kb_store.entry_of({"id": "x-1", "category": "其他", "question": "问?", "answer": " "})
        entry = kb_store.entry_of(
            {"id": "wealth-risk", "category": "理财", "question": "理财风险等级?", "answer": "R1-R5"}
        )
        kb_store.create(uow, entry, admin.id, clock.now())
        with pytest.raises(kb_store.EntryExists):
            kb_store.create(uow, entry, admin.id, clock.now())
        assert kb_store.add_alternate(uow, "wealth-risk", "理财产品风险怎么分", admin.id, clock.now(), "gap")
        assert not kb_store.add_alternate(uow, "wealth-risk", "理财产品风险怎么分", admin.id, clock.now(), "gap")
        kb_store.delete(uow, "fx-rate", kb_store.get(uow, "fx-rate").version, admin.id, clock.now())
        assert sorted(e.id for e in kb_store.entries(uow)) == ["card-loss", "wealth-risk"]
        assert coordination.version(uow, coordination.KB) > before


def test_the_served_knowledge_base_follows_the_working_copy(
    demo_db_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    from storage.db import make_engine, make_session_factory

    engine = make_engine(demo_db_url)
    sessions = make_session_factory(engine)
    try:
        path = _files(tmp_path)
        holder = working_copy(path, lambda: UnitOfWork(sessions), clock)
        found = holder.matcher.match("信用卡丢了怎么办").entry
        assert found is not None and found.id == "card-loss"
        with UnitOfWork(sessions) as uow:
            card = kb_store.get(uow, "card-loss")
            kb_store.save(uow, replace(card.entry, question="银行卡丢失怎么挂失?"), card.version, 1, clock.now())
            uow.commit()
        holder.reload()
        assert "银行卡丢失怎么挂失?" in [e.question for e in holder.matcher.entries]
        (path / "entries.yaml").write_text("- id: [broken", encoding="utf-8")
        with pytest.raises(KBError):
            holder.reload(from_files=True)
        assert len(holder.matcher.entries) == 2  # the old KB keeps serving
    finally:
        engine.dispose()
