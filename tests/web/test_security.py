"""The desk refuses what it should: no page without a session, no form without its CSRF token, no page of another
role, no data of another team, no personal numbers in addresses, and strict headers on every response."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from bot.bootstrap import App
from storage.clock import FrozenClock
from storage.services import kb_store, staff, visits
from storage.uow import UnitOfWork
from tests.chat import Chat, said
from tests.web.conftest import csrf_of, sign_in, web_link

PAGES = ["/", "/kb", "/kb/new", "/kb/gaps", "/kb/suggestions", "/kb/export.yaml", "/team", "/team/chart.png",
         "/team/export.xlsx", "/team/member?who=张伟", "/admin/staff", "/admin/calendar"]  # fmt: skip
FORMS = ["/kb/new", "/kb/gaps", "/kb/suggestions", "/kb/import", "/admin/invite", "/admin/import/targets", "/logout"]
PHONE_OR_ID = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|\d{17}[\dXx]|\d{16,19})(?!\d)")


def test_no_page_and_no_action_without_a_session(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/signin", path
    for path in FORMS:
        assert client.post(path, data={"csrf": "x"}).status_code == 401, path
    hint = client.get("/signin")
    assert hint.status_code == 401 and "/web" in hint.text


def test_a_link_signs_in_once_and_an_expired_forged_or_reused_one_is_refused(
    client: TestClient, desk_app: App, clock: FrozenClock
) -> None:
    link = web_link(desk_app, "张伟")
    first = client.get(link)
    assert first.status_code == 303
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "张伟" in client.get("/").text
    client.cookies.clear()
    for refused in (link, link[:-3] + "abc", "/login/not-a-link"):
        response = client.get(refused)
        assert response.status_code == 403 and said("web.link_refused") in response.text
    late = web_link(desk_app, "张伟")
    clock.advance(timedelta(minutes=11))
    assert client.get(late).status_code == 403


def test_signing_out_ends_the_session_and_forms_need_its_csrf_token(client: TestClient, desk_app: App) -> None:
    sign_in(client, desk_app, "admin")
    token = csrf_of(client.get("/kb/entry/acct-card-lost").text)
    for wrong in ({}, {"csrf": "forged"}):
        response = client.post("/kb/entry/acct-card-lost", data={**wrong, "version": "1", "answer": "改掉"})
        assert response.status_code == 403 and said("web.csrf") in response.text
    with desk_app.uow_factory() as uow:
        assert kb_store.get(uow, "acct-card-lost").version == 1  # nothing was saved
    assert client.post("/logout", data={"csrf": token}).status_code == 200
    assert client.get("/kb").status_code == 303


@pytest.mark.parametrize(
    ("who", "refused", "allowed"),
    [
        ("张伟", ["/kb", "/kb/gaps", "/team", "/admin/staff"], ["/"]),
        ("周建国", ["/kb", "/kb/suggestions", "/admin/staff", "/admin/calendar"], ["/team"]),
    ],
)
def test_each_role_opens_only_its_pages(
    client: TestClient, desk_app: App, who: str, refused: list[str], allowed: list[str]
) -> None:
    sign_in(client, desk_app, who)
    for path in refused:
        response = client.get(path)
        assert response.status_code == 403 and said("web.forbidden") in response.text, path
    for path in allowed:
        assert client.get(path).status_code == 200, path
    with desk_app.uow_factory() as uow:
        person = staff.pick(uow, who)
        assert [e.action for e in uow.audit.for_actor(person.id)].count("forbidden") == len(refused)


def test_a_supervisor_never_sees_another_teams_data(client: TestClient, desk_app: App) -> None:
    with desk_app.uow_factory() as uow:
        zhao_min = staff.pick(uow, "赵敏")
        others = visits.visits_between(
            uow, zhao_min.id, desk_app.clock.now() - timedelta(days=90), desk_app.clock.now()
        )
    assert others, "the demo gives 赵敏 (another team) visits"
    sign_in(client, desk_app, "周建国")
    for period in ("本月", "上月", "本季度"):
        assert "赵敏" not in client.get(f"/team?period={period}").text
        workbook = client.get(f"/team/export.xlsx?period={period}")
        assert workbook.status_code == 200 and "赵敏".encode() not in _unzipped(workbook.content)
    outside = client.get("/team/member?who=赵敏")
    nobody = client.get("/team/member?who=没有这个人")
    assert outside.status_code == nobody.status_code == 400 and outside.text == nobody.text.replace(
        "没有这个人", "赵敏"
    )
    foreign = client.get(f"/team/visit/{others[0].id}")
    missing = client.get("/team/visit/999999")
    assert foreign.status_code == missing.status_code == 400 and foreign.text == missing.text


def test_no_personal_number_in_any_address_and_strict_headers_everywhere(client: TestClient, desk_app: App) -> None:
    sign_in(client, desk_app, "admin")
    seen, queue = set(), ["/", "/team?period=上月"]
    while queue and len(seen) < 60:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
        if "text/html" not in headers.get("content-type", ""):
            continue
        for address in re.findall(r'(?:href|src|action)="([^"]+)"', response.text):
            assert not PHONE_OR_ID.search(address), address
            if address.startswith("/") and not address.startswith(("/logout", "/static")):
                queue.append(address.replace("&amp;", "&"))
    assert len(seen) > 15
    assert "nosniff" in client.get("/static/desk.css").headers["x-content-type-options"]


def _unzipped(xlsx: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_a_curator_has_its_own_menu_in_chat_and_only_the_knowledge_base_on_the_desk(
    client: TestClient, desk_app: App
) -> None:
    menu = Chat(desk_app, "林晓").send("/help")
    assert "/web" in menu and "/kb_reload" in menu and "/ask" in menu
    assert "/visit" not in menu and "/settings" not in menu and "/team" not in menu
    assert said("help.footer_curator") in menu
    sign_in(client, desk_app, "林晓")
    assert client.get("/kb").status_code == 200 and client.get("/kb/gaps").status_code == 200
    assert client.get("/team").status_code == 403 and client.get("/admin/staff").status_code == 403


def test_what_goes_wrong_is_said_in_chinese_with_the_right_status(desk_app: App, client: TestClient) -> None:
    from bot.web.app import create_app, desk_of
    from storage.errors import StorageUnavailable

    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and said("web.no_page") in missing.text
    assert "frame-ancestors 'none'" in missing.headers["content-security-policy"]
    wrong_method = client.post("/kb/export.xlsx")
    assert wrong_method.status_code == 405 and said("web.no_page") in wrong_method.text

    def down() -> UnitOfWork:
        raise StorageUnavailable()

    broken = desk_of(desk_app)
    broken.uow_factory = down
    with TestClient(create_app(broken, desk_app.settings)) as http:
        http.cookies.set("kehu_desk", "whatever")
        answer = http.get("/kb")
        assert answer.status_code == 503 and said("web.unavailable") in answer.text
