"""``rustok worker`` as a separate process that knows the test-only modules, and its handles.

``rustok worker`` loads modules from entry points only, so it would not know widgets. Run as
``python -m tests.support.worker_process``, this module reads its settings from ``RUSTOK_*``
like the CLI does and runs the very same :func:`app.events.worker.run_worker`, with a registry
that adds the test modules. :func:`start_worker` spawns it with exactly the test's settings
(none of the caller's ``RUSTOK_*``).

Imports cost a fresh worker 1-2 s here, so tests that restart workers many times use a fork
server instead (``--fork-server``, as gunicorn's ``--preload``): one process imports once, then
forks a new worker process per start. Each forked worker is still its own process that builds
its runtime and connects to the database and Redis itself, and the tests kill it with a real
signal; only the imports are shared.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import sys
import time
import traceback
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NoReturn

from app.bootstrap import build_registry
from app.config import Settings
from app.events.worker import run_worker
from app.logs import configure_logging
from tests.fixtures import gadgets, widgets

__all__ = [
    "ForkServer",
    "WorkerProcess",
    "fork_server",
    "spawned_worker",
    "start_worker",
    "worker_environment",
]

REPOSITORY = Path(__file__).resolve().parents[2]
STARTED_MESSAGE = b'"message": "worker started"'
FORK_SERVER_FLAG = "--fork-server"
PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>


def worker_environment(settings: Settings) -> dict[str, str]:
    """Return the environment that gives a subprocess exactly ``settings``."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("RUSTOK_")}
    for name, value in settings.model_dump(mode="json").items():
        if value is None:
            continue
        if isinstance(value, list):
            text = ",".join(str(item) for item in value)
        elif isinstance(value, dict | bool):
            text = json.dumps(value)
        else:
            text = str(value)
        environment[f"RUSTOK_{name.upper()}"] = text
    return environment


class WorkerProcess(ABC):
    """A worker process; its JSON log is appended to ``log`` from ``log_offset`` on."""

    def __init__(self, pid: int, log: Path, log_offset: int) -> None:
        self.pid = pid
        self.log = log
        self.log_offset = log_offset
        self.started_at = time.monotonic()
        self.exit_code: int | None = None

    @abstractmethod
    async def _wait_exit(self) -> int:
        """Wait for the process to end and return its exit code (-N: killed by signal N)."""

    async def wait_started(self, seconds: float = 60.0) -> float:
        """Wait until the worker logged that it started; return the time since the spawn.

        The deadline only catches a worker that never starts: a loaded machine running the
        suite on every core can take tens of seconds to import and connect.
        """
        deadline = time.monotonic() + seconds
        while not self._has_started():
            if self._has_exited() or time.monotonic() > deadline:
                raise AssertionError(f"worker did not start:\n{self.log_tail()}")
            await asyncio.sleep(0.005)
        return time.monotonic() - self.started_at

    async def kill(self) -> int:
        """SIGKILL the worker (nothing runs in it any more), reap it, return its exit code."""
        if self.exit_code is None:
            self._signal(signal.SIGKILL)
            self.exit_code = await self._wait_exit()
        return self.exit_code

    async def terminate(self, seconds: float) -> int:
        """SIGTERM the worker and wait up to ``seconds`` for it to exit; return its exit code."""
        if self.exit_code is not None:
            return self.exit_code
        self._signal(signal.SIGTERM)
        exited = asyncio.ensure_future(self._wait_exit())
        try:
            self.exit_code = await asyncio.wait_for(asyncio.shield(exited), seconds)
        except TimeoutError:
            self._signal(signal.SIGKILL)
            self.exit_code = await exited
            raise AssertionError(
                f"worker ignored SIGTERM for {seconds}s:\n{self.log_tail()}"
            ) from None
        return self.exit_code

    def log_tail(self, lines: int = 30) -> str:
        """Return the end of the worker's log, for failure messages."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def _has_exited(self) -> bool:
        return self.exit_code is not None

    def _signal(self, signum: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):  # it exited on its own meanwhile
            os.kill(self.pid, signum)

    def _has_started(self) -> bool:
        with self.log.open("rb") as log:
            log.seek(self.log_offset)
            return STARTED_MESSAGE in log.read()


class SpawnedWorker(WorkerProcess):
    """A worker started as ``python -m tests.support.worker_process``."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path, log_offset: int) -> None:
        super().__init__(process.pid, log, log_offset)
        self._process = process

    async def _wait_exit(self) -> int:
        return await self._process.wait()

    def _has_exited(self) -> bool:
        return self._process.returncode is not None


async def start_worker(settings: Settings, log: Path) -> WorkerProcess:
    """Spawn a worker process on ``settings``, logging to ``log`` (appended)."""
    with log.open("ab") as output:
        offset = output.tell()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.support.worker_process",
            cwd=REPOSITORY,
            env=worker_environment(settings),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
    return SpawnedWorker(process, log, offset)


@contextlib.asynccontextmanager
async def spawned_worker(settings: Settings, log: Path) -> AsyncIterator[WorkerProcess]:
    """Run a worker process for the block; one still running at the end is killed."""
    worker = await start_worker(settings, log)
    try:
        yield worker
    finally:
        await worker.kill()


class ForkedWorker(WorkerProcess):
    """A worker forked by a :class:`ForkServer` (which reaps it)."""

    def __init__(self, server: ForkServer, pid: int, log: Path, log_offset: int) -> None:
        super().__init__(pid, log, log_offset)
        self._server = server

    async def _wait_exit(self) -> int:
        return int(await self._server.request(f"reap {self.pid}"))


class ForkServer:
    """Talks to ``python -m tests.support.worker_process --fork-server`` over its stdin/out."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self._process = process
        self._log = log
        self._lock = asyncio.Lock()

    async def request(self, line: str) -> str:
        """Send one command and return the server's one-line answer."""
        stdin, stdout = self._process.stdin, self._process.stdout
        if stdin is None or stdout is None:
            raise RuntimeError("the fork server has no pipes")
        async with self._lock:
            stdin.write(f"{line}\n".encode())
            await stdin.drain()
            answer = await stdout.readline()
        if not answer:
            raise AssertionError(f"the fork server is gone:\n{self._log.read_text()[-3000:]}")
        return answer.decode().strip()

    async def start(self) -> WorkerProcess:
        """Fork a new worker process."""
        offset = self._log.stat().st_size
        pid = int(await self.request(f"spawn {self._log}"))
        return ForkedWorker(self, pid, self._log, offset)

    async def close(self) -> None:
        """End the server; it kills and reaps any worker still running."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        await self._process.wait()


@contextlib.asynccontextmanager
async def fork_server(settings: Settings, log: Path) -> AsyncIterator[ForkServer]:
    """Run a fork server for workers on ``settings`` (logging to ``log``) for the block."""
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.support.worker_process",
            FORK_SERVER_FLAG,
            cwd=REPOSITORY,
            env=worker_environment(settings),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=output,
        )
    server = ForkServer(process, log)
    try:
        yield server
    finally:
        await server.close()


def main() -> None:
    """Run a worker with the test modules until SIGTERM."""
    _die_with_parent()
    settings = Settings(_env_file=None)
    configure_logging(debug=settings.debug)
    registry = build_registry(settings, extra_modules=(widgets.module, gadgets.module))
    asyncio.run(run_worker(settings, registry))


def serve_forks() -> None:
    """Fork a worker per ``spawn <log>`` line, reap one per ``reap <pid>``, until stdin ends."""
    _die_with_parent()
    children: set[int] = set()
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "spawn":
            pid = os.fork()
            if pid == 0:
                _become_worker(argument)
            children.add(pid)
            answer = pid
        else:
            children.discard(pid := int(argument))
            answer = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        sys.stdout.write(f"{answer}\n")
        sys.stdout.flush()
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _die_with_parent() -> None:
    """Have Linux send SIGTERM when the parent dies: no worker outlives the test run."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _become_worker(log: str) -> NoReturn:
    code = 1
    try:
        output = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        main()
        code = 0
    except BaseException:  # noqa: BLE001 - a forked child must never return into the server loop
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    if sys.argv[1:] == [FORK_SERVER_FLAG]:
        serve_forks()
    else:
        main()
