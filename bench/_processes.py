"""Spawning the servers under test, waiting for them, and reading their memory and CPU.

Every server is a fresh Python process (``python -m bench._server``) served by uvicorn on
loopback, started in a scratch directory that holds a migrated SQLite database.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "REPO_ROOT",
    "Server",
    "Workspace",
    "prepare_workspace",
    "running_server",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
TENANT_SLUG = "bench"
TENANT_NAME = "Bench"
# A fixed key keeps the API in production mode (debug off) without leaking a real secret.
_SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"
_CLI = "from app.cli.main import main; main()"
_READY_TIMEOUT_SECONDS = 60.0
_POLL_SECONDS = 0.005


@dataclass(frozen=True, slots=True)
class Workspace:
    """A scratch directory with a migrated database and the environment of the servers."""

    directory: Path
    environment: dict[str, str]


def _environment(database: Path) -> dict[str, str]:
    """Return this process's environment without RUSTOK_* overrides, plus the bench settings."""
    # Bytecode caches are written as in any real deployment; RUSTOK_* of the caller is ignored.
    skipped = ("RUSTOK_", "PYTHONDONTWRITEBYTECODE")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
    environment.update(
        RUSTOK_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        RUSTOK_SECRET_KEY=_SECRET_KEY,
        RUSTOK_DEBUG="0",
        # One load generator is one client address: keep the per-address request limit's code
        # path (its cost is part of a request) but set it far above any benchmark's rate.
        RUSTOK_RATE_LIMIT_REQUEST_ADDRESS="999999999/60",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    )
    return environment


def prepare_workspace(directory: Path) -> Workspace:
    """Migrate a fresh SQLite database in ``directory`` and create the tenant ``bench``."""
    workspace = Workspace(directory, _environment(directory / "bench.db"))
    _run_cli(workspace, "migrate")
    _run_cli(workspace, "tenant", "create", TENANT_SLUG, "--name", TENANT_NAME)
    return workspace


def _run_cli(workspace: Workspace, *arguments: str) -> None:
    command = [sys.executable, "-c", _CLI, *arguments]
    completed = subprocess.run(
        command,
        cwd=workspace.directory,
        env=workspace.environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"`rustok {' '.join(arguments)}` failed:\n{completed.stderr}")


@dataclass(frozen=True, slots=True)
class Server:
    """A running server process and how long it took to answer its first request."""

    process: subprocess.Popen[bytes]
    port: int
    ready_seconds: float

    @property
    def base_url(self) -> str:
        """Return ``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        """Return the resident set size (VmRSS) in MB (10^6 bytes)."""
        return _status_kib(self.process.pid, "VmRSS") * 1024 / 1e6

    def cpu_seconds(self) -> float:
        """Return the user + system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    raise RuntimeError(f"/proc/{pid}/status has no {key}")


def server_command(kind: str, port: int, modules: int = 0) -> list[str]:
    """Return the command line of a server: ``hello``, ``api`` or ``serve`` (the real CLI)."""
    if kind == "serve":
        return [sys.executable, "-c", _CLI, "serve", "--port", str(port)]
    command = [sys.executable, "-m", "bench._server", kind, "--port", str(port)]
    return [*command, "--modules", str(modules)] if modules else command


@contextmanager
def running_server(workspace: Workspace, kind: str, *, modules: int = 0) -> Iterator[Server]:
    """Spawn a server, wait for its first 200 on ``/livez``, and stop it on exit."""
    port = _free_port()
    log_path = workspace.directory / f"{kind}-{modules}-{port}.log"
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            server_command(kind, port, modules),
            cwd=workspace.directory,
            env=workspace.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(process, port, log_path)
            yield Server(process, port, time.perf_counter() - started)
        finally:
            _stop(process)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.perf_counter() + _READY_TIMEOUT_SECONDS
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{_tail(log_path)}")
        if _answers_livez(port):
            return
        time.sleep(_POLL_SECONDS)
    raise RuntimeError(f"the server did not answer /livez in time:\n{_tail(log_path)}")


def _answers_livez(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/livez")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
