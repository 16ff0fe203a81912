"""A throwaway PostgreSQL server for the tests: initdb in a temp dir, on a loopback port."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg


@dataclass
class PgServer:
    datadir: Path
    port: int
    user: str = "kehu"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.admin() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')  # type: ignore[arg-type]
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; under root the server runs as the `postgres` user."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def start() -> PgServer:
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    datadir = Path(tempfile.mkdtemp(prefix="kehu-pg-"))
    if os.geteuid() == 0:
        shutil.chown(datadir, "postgres", "postgres")
    server = PgServer(datadir=datadir, port=_free_port())
    subprocess.run(
        _as_postgres_user(
            [
                initdb,
                "-D",
                str(datadir / "data"),
                "-A",
                "trust",
                "-U",
                server.user,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    resume(server)
    return server


def resume(server: PgServer) -> None:
    """Starts the server (again, after `pause`) on its port and data directory."""
    pg_ctl = find_bin("pg_ctl")
    assert pg_ctl is not None
    datadir = server.datadir
    options = f"-p {server.port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_postgres_user(
            [pg_ctl, "-D", str(datadir / "data"), "-o", options, "-l", str(datadir / "log"), "-w", "-t", "60", "start"]
        ),
        check=True,
        capture_output=True,
    )


def pause(server: PgServer) -> None:
    """Stops the server at once, as a crash or a failover would, keeping its data for `resume`."""
    pg_ctl = find_bin("pg_ctl")
    assert pg_ctl is not None
    subprocess.run(
        _as_postgres_user([pg_ctl, "-D", str(server.datadir / "data"), "-m", "immediate", "-w", "stop"]),
        check=True,
        capture_output=True,
    )


def stop(server: PgServer) -> None:
    pg_ctl = find_bin("pg_ctl")
    if pg_ctl:
        subprocess.run(
            _as_postgres_user([pg_ctl, "-D", str(server.datadir / "data"), "-m", "immediate", "stop"]),
            capture_output=True,
        )
    shutil.rmtree(server.datadir, ignore_errors=True)
