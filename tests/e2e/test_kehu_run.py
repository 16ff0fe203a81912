"""`kehu run` as a real process against the emulator: it serves, and SIGTERM stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.emulator import Emulator

KEHU = Path(sys.executable).with_name("kehu")


def test_kehu_run_serves_telegram_and_the_web_desk_and_stops_cleanly_on_sigterm(
    emulator: Emulator, tmp_path: Path
) -> None:
    """With KEHU_WEB_PORT set, the same process serves the desk: `kehu web link --as admin` prints a link that
    signs the admin in."""
    import socket

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        web_port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "DATABASE_URL", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=emulator.token, KEHU_TELEGRAM_API_URL=emulator.base_url, KEHU_WEB_PORT=str(web_port))
    subprocess.run([str(KEHU), "demo", "seed"], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    process = subprocess.Popen(
        [str(KEHU), "run"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        stranger = {"id": 4242, "is_bot": False, "first_name": "新人", "language_code": "zh-hans"}
        update = emulator.push(emulator.text_update(stranger, "/start"))
        emulator.wait_for(lambda: bool(emulator.sent(4242, "sendMessage")), timeout=60)
        assert "尚未开通" in emulator.sent(4242, "sendMessage")[0].params["text"]
        emulator.wait_for(lambda: bool(emulator.sent(method="setMyCommands")), timeout=30)
        printed = subprocess.run(
            [str(KEHU), "web", "link", "--as", "admin"], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        link = printed.stdout.strip().splitlines()[-1]
        assert link.startswith(f"http://127.0.0.1:{web_port}/login/"), printed.stdout + printed.stderr
        with httpx.Client(follow_redirects=True) as browser:
            home = browser.get(link)
            assert home.status_code == 200 and "您好,陈静" in home.text
            assert browser.get(link).status_code == 403  # used once
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert emulator.confirmed_offset == update["update_id"] + 1
    assert emulator.violations == []


def test_kehu_run_serves_wecom_verification_and_messages(tmp_path: Path) -> None:
    """`kehu run` with only the five WeCom settings: the verification GET, a bound manager's message answered
    through the emulator, and a clean stop on SIGTERM."""
    import socket
    import urllib.parse
    import urllib.request

    from tests.e2e.wecom_emulator import WeComEmulator

    emulator = WeComEmulator()
    emulator.start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "DATABASE_URL", "TELEGRAM_"))}
    env.update(
        KEHU_WECOM_CORP_ID=emulator.corp_id,
        KEHU_WECOM_AGENT_ID=str(emulator.agent_id),
        KEHU_WECOM_SECRET=emulator.secret,
        KEHU_WECOM_TOKEN=emulator.token,
        KEHU_WECOM_AES_KEY=emulator.aes_key,
        KEHU_WECOM_API_URL=emulator.base_url,
        KEHU_WECOM_LISTEN="127.0.0.1",
        KEHU_WECOM_PORT=str(port),
    )
    run = {"cwd": tmp_path, "env": env, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([str(KEHU), "demo", "seed"], **run)  # type: ignore[call-overload]
    roster = tmp_path / "wecom.csv"
    roster.write_text("姓名,工号,角色,团队,企业微信账号\n企微新人,W9001,客户经理,对公客户一组,wx_newcomer\n", "utf-8")
    subprocess.run([str(KEHU), "staff", "import", str(roster)], **run)  # type: ignore[call-overload]
    process = subprocess.Popen(
        [str(KEHU), "run"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    emulator.bot_url = f"http://127.0.0.1:{port}/wecom"
    try:
        echo = emulator.crypto.encrypt("1288432023552776189")
        stamp, nonce = str(int(time.time())), "47744683"
        query = {"msg_signature": emulator.crypto.signature(stamp, nonce, echo), "timestamp": stamp, "nonce": nonce}
        url = f"{emulator.bot_url}?{urllib.parse.urlencode({**query, 'echostr': echo})}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.read() == b"1288432023552776189"
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert emulator.text("wx_newcomer", "/whoami") == 200
        emulator.wait_for(lambda: bool(emulator.texts("wx_newcomer")), timeout=30)
        assert "企微新人" in emulator.texts("wx_newcomer")[0]
        emulator.wait_for(lambda: bool(emulator.menus), timeout=30)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        emulator.stop()
    assert process.returncode == 0, output
    assert "Traceback" not in output and emulator.violations == []


def test_kehu_ask_settles_a_close_call_with_the_sentence_model_and_keeps_its_vectors(tmp_path: Path) -> None:
    """A question another bank's KB answers only in meaning: asked about by the words alone (KEHU_SEMANTIC=off),
    answered with the model; the KB's vectors land in KEHU_CACHE_DIR and serve the next process."""
    import json

    kb = Path(__file__).resolve().parents[1] / "data" / "kb_third_bank"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "DATABASE_URL", "TELEGRAM_"))}
    env["KEHU_CACHE_DIR"] = str(tmp_path / "cache")

    def ask(**extra: str) -> dict[str, object]:
        done = subprocess.run(
            [str(KEHU), "ask", "租房子能取公积金吗", "--kb", str(kb), "--json"],
            cwd=tmp_path,
            env=env | extra,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    words = ask(KEHU_SEMANTIC="off")
    assert words["status"] == "clarify" and not list((tmp_path / "cache").glob("*.npy"))
    both = ask()
    assert both["status"] == "answer" and both["id"] == "hpf-withdraw-rent"
    assert len(list((tmp_path / "cache").glob("*.npy"))) == 1
    assert ask() == both  # the second process reads the stored vectors
