"""The web desk in a real browser: Debian's Chromium, headless, driven by Playwright, against the desk served by
uvicorn on loopback as `kehu run` serves it. Sign-in links come from /web in chat, as a person gets them; each
flow keeps a screenshot in test-output/screenshots."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.bootstrap import App, build_app
from bot.config import load_settings
from bot.web.app import server
from storage.clock import FrozenClock
from storage.services import faq_log, kb_store, staff
from tests.chat import Chat, said
from tests.conftest import missing

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("KEHU_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output")) / "screenshots"
# what the machine's probe found Chromium needs here: no sandbox as root, and no calls to Google's services
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        missing("Chromium not installed (Debian package chromium; make test installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def desk(demo_db_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[tuple[App, str]]:
    """The app with its desk served on a loopback port; yields the app and the desk's address."""
    port = _free_port()
    settings = load_settings(
        {"DATABASE_URL": demo_db_url, "KEHU_DATA_DIR": str(tmp_path / "data"), "KEHU_WEB_PORT": str(port)},
        env_file=None,
    )
    app = build_app(settings, clock=clock)
    web = server(app, settings, embedded=True)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not web.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert web.started, "the desk did not start"
    yield app, f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(10)
    app.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def _link(app: App, who: str) -> str:
    found = re.search(r"(http://127\.0\.0\.1:\d+/login/\S+)", Chat(app, who).send("/web"))
    assert found
    return found.group(1)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_curator_signs_in_by_link_edits_an_entry_and_the_chat_answer_changes(
    desk: tuple[App, str], page: Page
) -> None:
    app, _ = desk
    page.goto(_link(app, "admin"))
    expect(page.get_by_role("heading", name="您好,陈静")).to_be_visible()
    page.get_by_role("link", name="知识库").first.click()
    page.get_by_label("搜索").fill("挂失")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="银行卡丢了怎么办?").click()
    page.get_by_label("试一试的问题").fill("卡被偷了咋办")
    page.get_by_role("button", name="试一试").click()
    expect(page.locator(".outcome")).to_contain_text("acct-card-lost")
    answer = "新流程:先在手机银行一键挂失,再到任一网点补卡。"
    page.get_by_label("答案").fill(answer)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存(版本 2)")
    expect(page.get_by_text("保存后")).to_be_visible()
    _shot(page, "curator-entry-editor")
    assert answer in Chat(app, "张伟").send("卡被偷了咋办")


def test_a_gap_becomes_an_alternate_and_a_suggestion_is_rejected(desk: tuple[App, str], page: Page) -> None:
    app, _ = desk
    chat = Chat(app, "张伟")
    assert said("faq.no_answer") in chat.send("保险箱租金多少")
    with app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        faq_log.record(uow, zhang.id, "卡片被人偷走了", "chosen", "acct-card-lost", 0.5, app.clock.now())
        uow.commit()
    page.goto(_link(app, "admin"))
    page.goto(page.url.rstrip("/") + "/kb/gaps")
    gap = page.locator("section.gap", has_text="保险箱租金多少")
    gap.get_by_label("加为哪个条目的问法").select_option("settle-fee")
    _shot(page, "curator-gaps")
    gap.get_by_role("button", name="加为该条目的问法").click()
    expect(page.get_by_text("没有待补的问题")).to_be_visible()
    assert said("faq.no_answer") not in chat.send("保险箱租金多少")
    page.get_by_role("link", name="建议问法").click()
    expect(page.locator("section.suggestion")).to_contain_text("卡片被人偷走了")
    page.get_by_role("button", name="拒绝").click()
    expect(page.get_by_text("没有待处理的建议")).to_be_visible()
    with app.uow_factory() as uow:
        assert "卡片被人偷走了" not in kb_store.get(uow, "acct-card-lost").entry.alternates


def test_a_supervisor_opens_last_months_team_view_a_managers_visits_and_one_visit(
    desk: tuple[App, str], browser: Browser
) -> None:
    app, _ = desk
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = phone.new_page()
    try:
        page.goto(_link(app, "周建国"))
        page.get_by_role("link", name="团队汇总").first.click()
        page.get_by_role("link", name="上月", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("上月")
        expect(page.locator("table.team")).to_contain_text("张伟")
        chart = page.get_by_alt_text("指标完成情况图")
        expect(chart).to_be_visible()
        loaded = "() => { const img = document.querySelector('img.chart'); return img.complete && img.naturalWidth }"
        assert page.wait_for_function(loaded, timeout=20_000).json_value() > 300
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 Excel").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        _shot(page, "supervisor-team-phone")
        page.get_by_role("link", name="张伟").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("张伟 · 上月")
        _shot(page, "supervisor-member-visits")
        page.locator("a[href^='/team/visit/']").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("拜访记录")
        assert not re.search(r"1[3-9]\d{9}", page.content())  # numbers masked on the desk
    finally:
        phone.close()


def test_a_managers_link_cannot_open_curator_pages_and_a_used_or_expired_link_is_refused(
    desk: tuple[App, str], browser: Browser, clock: FrozenClock
) -> None:
    app, address = desk
    link = _link(app, "张伟")
    first = browser.new_context(locale="zh-CN")
    second = browser.new_context(locale="zh-CN")
    try:
        page = first.new_page()
        page.goto(link)
        page.goto(f"{address}/kb")
        expect(page.get_by_text(said("web.forbidden"))).to_be_visible()
        reused = second.new_page()
        reused.goto(link)
        expect(reused.get_by_text(said("web.link_refused"))).to_be_visible()
        late = _link(app, "张伟")
        clock.advance(timedelta(minutes=11))
        reused.goto(late)
        expect(reused.get_by_text(said("web.link_refused"))).to_be_visible()
        _shot(reused, "link-refused")
        reused.goto(f"{address}/kb")
        expect(reused.get_by_text(said("web.signin_hint"))).to_be_visible()
    finally:
        first.close()
        second.close()
