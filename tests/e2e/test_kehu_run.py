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


def test_kehu_run_serves_telegram_and_stops_cleanly_on_sigterm(emulator: Emulator, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "DATABASE_URL", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=emulator.token, KEHU_TELEGRAM_API_URL=emulator.base_url)
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
