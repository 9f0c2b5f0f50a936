"""Spawning and stopping the outbox benchmarks' processes (``python -m bench._outbox_procs``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench._processes import Workspace

__all__ = ["command", "cpu_seconds", "run_child", "running_child", "tail", "wait_for_line"]


def command(name: str, config: Path, *arguments: str) -> list[str]:
    """Return the command line of one benchmark process."""
    return [sys.executable, "-m", "bench._outbox_procs", name, "--config", str(config), *arguments]


def run_child(workspace: Workspace, arguments: list[str], log: Path, timeout: float) -> str:
    """Run a process to completion and return its stdout; raise with its log if it fails."""
    with log.open("ab") as stderr:
        completed = subprocess.run(
            arguments,
            cwd=workspace.directory,
            env=workspace.environment,
            stdout=subprocess.PIPE,
            stderr=stderr,
            timeout=timeout,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(arguments[2:4])} exited with {completed.returncode}:\n{tail(log)}"
        )
    return completed.stdout.decode()


@contextmanager
def running_child(
    workspace: Workspace, arguments: list[str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a process in the background (stdout and stderr to ``log``); SIGTERM it on exit."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            arguments,
            cwd=workspace.directory,
            env=workspace.environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_for_line(
    path: Path, line: str, process: subprocess.Popen[bytes], timeout: float = 60.0
) -> None:
    """Wait until ``path`` holds ``line``; raise if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and line in path.read_text(errors="replace").splitlines():
            return
        if process.poll() is not None:
            raise RuntimeError(f"a benchmark process exited with {process.returncode}")
        time.sleep(0.05)
    raise RuntimeError(f"no {line!r} in {path.name} within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU time a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tail(path: Path, lines: int = 30) -> str:
    """Return the last lines of a log."""
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
