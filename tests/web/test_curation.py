"""Curators on the desk change what the bot answers: an edit, a gap turned into an alternate, a suggestion
decided, an import; each is refused where `kehu kb check` would refuse it, and reaches the other instances."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from bot.bootstrap import App, build_app
from storage.clock import FrozenClock
from storage.services import faq_log, faq_suggestions, kb_store, staff
from tests.chat import Chat, said
from tests.web.conftest import csrf_of, sign_in


def _form(app: App, entry_id: str, csrf: str, **changes: object) -> dict[str, object]:
    with app.uow_factory() as uow:
        stored = kb_store.get(uow, entry_id)
    data = kb_store.data_of(stored.entry)
    data |= {"alternates": "\n".join(data["alternates"]), "tags": ", ".join(data["tags"])}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return data | {"csrf": csrf, "version": str(stored.version)} | changes


@pytest.mark.both_databases
def test_an_edit_changes_the_answer_in_chat_here_and_on_another_instance(
    client: TestClient, desk_app: App, tmp_path: Path, clock: FrozenClock
) -> None:
    other = build_app(desk_app.settings, clock=clock)  # a second instance on the same database
    try:
        other.jobs._follow_kb()  # it has caught up with the shared version at start
        sign_in(client, desk_app, "admin")
        tried = client.get("/kb/entry/acct-card-lost?q=银行卡丢了怎么办").text
        assert "直接回答" in tried and "acct-card-lost" in tried
        csrf = csrf_of(tried)
        answer = "新流程:先在手机银行一键挂失,再到任一网点补卡。"
        page = client.post(
            "/kb/entry/acct-card-lost", data=_form(desk_app, "acct-card-lost", csrf, answer=answer, q="卡被偷了咋办")
        )
        assert page.status_code == 200 and "已保存(版本 2)" in page.text
        assert "保存前" in page.text and "保存后" in page.text
        assert answer in Chat(desk_app, "张伟").send("银行卡丢了怎么办")
        assert answer not in Chat(other, "李娜").send("银行卡丢了怎么办")  # not yet followed
        other.jobs._follow_kb()
        assert answer in Chat(other, "李娜").send("银行卡丢了怎么办")
        history = client.get("/kb/entry/acct-card-lost").text
        assert "陈静" in history and "工作台" in history and "answer" in history
    finally:
        other.close()


def test_a_save_kb_check_would_refuse_or_that_overwrites_a_newer_version_saves_nothing(
    client: TestClient, desk_app: App
) -> None:
    sign_in(client, desk_app, "admin")
    listing = client.get("/kb").text
    assert "留出法" in listing and "答错" in listing  # the KB's own expected rates, as `kehu kb check` prints
    assert "易混淆" in client.get("/kb/entry/payroll-counting").text  # calibration's collisions of this entry
    csrf = csrf_of(listing)
    taken = _form(desk_app, "acct-card-lost", csrf, alternates="银行卡丢了怎么办\n补办银行卡要多久")
    stale = _form(desk_app, "acct-card-lost", csrf, answer="甲的修改")
    shared = client.post("/kb/entry/acct-card-replace", data=_form(desk_app, "acct-card-replace", csrf) | {
        "alternates": taken["alternates"]})  # fmt: skip
    assert shared.status_code == 400 and "同时属于" in shared.text
    assert client.post("/kb/entry/acct-card-lost", data=stale).status_code == 200
    again = client.post("/kb/entry/acct-card-lost", data=stale | {"answer": "乙的修改"})
    assert again.status_code == 400 and said("web.kb.stale", id="acct-card-lost") in again.text
    empty = client.post("/kb/new", data={"csrf": csrf, "id": "new-one", "category": "其他", "question": "问?"})
    assert empty.status_code == 400 and "缺少字段 answer" in empty.text
    with desk_app.uow_factory() as uow:
        assert kb_store.get(uow, "acct-card-lost").entry.answer == "甲的修改"
        assert "银行卡丢了怎么办" not in kb_store.get(uow, "acct-card-replace").entry.alternates
        assert all(e.id != "new-one" for e in kb_store.entries(uow))


@pytest.mark.both_databases
def test_a_gap_becomes_an_alternate_or_a_new_entry_or_is_dismissed_in_one_step(
    client: TestClient, desk_app: App
) -> None:
    chat = Chat(desk_app, "张伟")
    for question in ("保险箱租金多少", "保险箱租金多少钱", "食堂几点开饭"):
        assert said("faq.no_answer") in chat.send(question)
    sign_in(client, desk_app, "admin")
    gaps = client.get("/kb/gaps").text
    assert "保险箱租金多少" in gaps and "食堂几点开饭" in gaps
    csrf = csrf_of(gaps)
    turned = {"csrf": csrf, "action": "alternate", "example": "保险箱租金多少", "entry_id": "settle-fee"}
    assert client.post("/kb/gaps", data=turned | {"gap": ["保险箱租金多少", "保险箱租金多少钱"]}).status_code == 303
    dismissed = {"csrf": csrf, "action": "dismiss", "example": "食堂几点开饭", "gap": "食堂几点开饭"}
    assert client.post("/kb/gaps", data=dismissed).status_code == 303
    left = client.get("/kb/gaps").text
    assert "保险箱租金多少" not in left and "食堂几点开饭" not in left
    with desk_app.uow_factory() as uow:
        assert "保险箱租金多少" in kb_store.get(uow, "settle-fee").entry.alternates
    assert said("faq.no_answer") not in chat.send("保险箱租金多少")
    chat.send("网点停车场怎么收费")
    new = client.get("/kb/new?question=网点停车场怎么收费&gap=网点停车场怎么收费")
    assert 'value="网点停车场怎么收费"' in new.text
    entry = {
        "csrf": csrf,
        "version": "0",
        "id": "branch-parking",
        "category": "网点服务",
        "question": "网点停车场怎么收费?",
    }
    created = client.post(
        "/kb/new", data=entry | {"answer": "客户办理业务免费停车两小时。", "gap": "网点停车场怎么收费"}
    )
    assert created.status_code == 200 and "已保存" in created.text
    assert "免费停车两小时" in chat.send("网点停车场怎么收费")
    assert "网点停车场怎么收费" not in client.get("/kb/gaps").text
    unnamed = {"csrf": csrf, "version": "0", "id": "", "category": "网点服务", "question": "网点有无障碍通道吗?"}
    assert client.post("/kb/new", data=unnamed | {"answer": "各网点均设无障碍通道。"}).status_code == 200
    with desk_app.uow_factory() as uow:
        assert kb_store.get(uow, "wdfw-1").entry.question == "网点有无障碍通道吗?"  # an id made from the category


def test_suggestions_are_accepted_into_the_kb_or_rejected_for_good(client: TestClient, desk_app: App) -> None:
    now = desk_app.clock.now()
    with desk_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        faq_log.record(uow, zhang.id, "卡片被人偷走了", "chosen", "acct-card-lost", 0.5, now)
        faq_log.record(uow, zhang.id, "存款能提前支取吗急用", "chosen", "dep-early-withdraw", 0.5, now)
        uow.commit()
    sign_in(client, desk_app, "admin")
    page = client.get("/kb/suggestions").text
    assert "卡片被人偷走了" in page and "存款能提前支取吗急用" in page
    csrf = csrf_of(page)
    accept = {"csrf": csrf, "decision": "accept", "entry_id": "acct-card-lost", "question": "卡片被人偷走了"}
    reject = {"csrf": csrf, "decision": "reject", "entry_id": "dep-early-withdraw", "question": "存款能提前支取吗急用"}
    assert client.post("/kb/suggestions", data=accept).status_code == 303
    assert client.post("/kb/suggestions", data=reject).status_code == 303
    assert "没有待处理的建议" in client.get("/kb/suggestions").text
    with desk_app.uow_factory() as uow:
        assert "卡片被人偷走了" in kb_store.get(uow, "acct-card-lost").entry.alternates
        assert faq_suggestions.pending(uow) == []
        actions = [e.action for e in uow.audit.for_actor(staff.pick(uow, "admin").id)]
    assert {"web_signed_in", "kb_suggestion", "kb_suggestion_accepted", "kb_suggestion_rejected"} <= set(actions)


def test_export_and_import_round_trip_and_a_bad_row_imports_nothing(client: TestClient, desk_app: App) -> None:
    sign_in(client, desk_app, "admin")
    csrf = csrf_of(client.get("/kb").text)
    exported = client.get("/kb/export.xlsx")
    assert exported.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("answer") + 1, value="导入后的新答案")
    good = io.BytesIO()
    book.save(good)
    files = {"file": ("kb.xlsx", good.getvalue(), "application/octet-stream")}
    done = client.post("/kb/import", data={"csrf": csrf}, files=files)
    assert done.status_code == 200 and said("web.kb.imported", created=0, updated=1) in done.text
    sheet.cell(row=3, column=header.index("question") + 1, value="")
    bad = io.BytesIO()
    book.save(bad)
    refused = client.post("/kb/import", data={"csrf": csrf}, files={"file": ("kb.xlsx", bad.getvalue(), "x")})
    assert refused.status_code == 400 and "缺少字段 question" in refused.text and ":3:" not in refused.text
    assert "导入后的新答案" in client.get("/kb/export.yaml").text
    wrong = client.post("/kb/import", data={"csrf": csrf}, files={"file": ("kb.exe", b"MZ", "x")})
    assert wrong.status_code == 400


def test_admins_invite_with_a_deep_link_and_import_targets_row_by_row(
    demo_db_url: str, tmp_path: Path, clock: FrozenClock
) -> None:
    from bot.config import load_settings
    from bot.web.app import create_app, desk_of

    settings = load_settings(
        {"DATABASE_URL": demo_db_url, "KEHU_DATA_DIR": str(tmp_path), "KEHU_WEB_PORT": "8088",
         "KEHU_TELEGRAM_BOT_USERNAME": "@kehu_demo_bot"},
        env_file=None,
    )  # fmt: skip
    app = build_app(settings, clock=clock)
    try:
        with TestClient(create_app(desk_of(app), settings), follow_redirects=False) as http:
            sign_in(http, app, "admin")
            page = http.get("/admin/staff").text
            assert "D1101" in page and "张伟" in page and "客户经理" in page
            invite = http.post("/admin/invite", data={"csrf": csrf_of(page), "staff_no": "D1101"})
            assert "https://t.me/kehu_demo_bot?start=" in invite.text and 'src="data:image/svg+xml' in invite.text
            rows = "工号,指标,月份,目标\nD1101,存款,2026-12,5000000\nD9999,存款,2026-12,100\nD1102,拜访,2026-12,-3\n"
            files = {"file": ("targets.csv", rows.encode(), "text/csv")}
            report = http.post("/admin/import/targets", data={"csrf": csrf_of(page)}, files=files)
            assert report.status_code == 400 and "未导入任何指标" in report.text
            assert "第 3 行" in report.text and "第 4 行" in report.text and "第 2 行" not in report.text
            people = "姓名,工号,角色,团队,手机\n冯小刚,N0002,客户经理,对公客户一组,13800001111\n"
            people += "错字,N0003,经理,对工客户一组,\n"
            files = {"file": ("roster.csv", people.encode(), "text/csv")}
            refused = http.post("/admin/import/roster", data={"csrf": csrf_of(page)}, files=files)
            assert refused.status_code == 400 and "第 3 行:团队「对工客户一组」不存在" in refused.text
            files = {"file": ("roster.csv", people.replace("对工", "对公").encode(), "text/csv")}
            done = http.post("/admin/import/roster", data={"csrf": csrf_of(page)}, files=files)
            assert (
                done.status_code == 200
                and "已导入 2 行人员" in done.text
                and "https://t.me/kehu_demo_bot?start=" in done.text
            )
            assert "冯小刚" in http.get("/admin/staff").text
            calendar = http.get("/admin/calendar").text
            assert "2027 年工作日历" in calendar and "1月1日" in calendar
    finally:
        app.close()
