"""The `kehu` command run in process: `main(argv)` with a clean environment, its own working directory and
captured output, so a CLI test costs what the command does, not an interpreter start."""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


Kehu = Callable[..., Result]


@pytest.fixture
def kehu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Kehu]:
    """`kehu(*args, cwd=..., stdin=...)` runs the command as a user would type it, in `cwd` (default tmp_path)."""
    for name in list(os.environ):
        if name.startswith(("KEHU_", "TELEGRAM_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(*args: str, cwd: Path | None = None, stdin: str = "") -> Result:
        monkeypatch.chdir(cwd or tmp_path)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing the arguments
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    yield run
    root.handlers[:] = handlers
    root.setLevel(level)
