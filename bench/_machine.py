"""What the results were measured on: date, cores, memory, CPU, Python, server stack."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench._processes import REPO_ROOT

__all__ = ["describe_machine"]


def describe_machine() -> list[str]:
    """Return one ``key: value`` line per fact about this machine and run."""
    return [
        f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"cores: {os.cpu_count()} ({_cpu_model()})",
        f"memory: {_memory_total()}",
        f"load average before the run: {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"server: {_server_stack()}",
        f"code: {_code_version()}",
        f"load generator: aiohttp {importlib.metadata.version('aiohttp')}, loopback",
    ]


def _cpu_model() -> str:
    for line in _read_lines("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or "unknown CPU"


def _memory_total() -> str:
    for line in _read_lines("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _server_stack() -> str:
    versions = {name: importlib.metadata.version(name) for name in ("uvicorn", "starlette")}
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return (
        f"uvicorn {versions['uvicorn']} (http: {http}, loop: {loop}), "
        f"starlette {versions['starlette']}, one worker, access log off"
    )


def _code_version() -> str:
    """Return the commit under test, flagged when app/ or modules/ have local changes."""
    try:
        commit = _git("rev-parse", "--short", "HEAD")
        changed = _git("status", "--porcelain", "--", "app", "modules", "migrations")
    except (OSError, subprocess.CalledProcessError):
        return f"{REPO_ROOT} (not a git checkout)"
    return f"{commit}{' with uncommitted changes' if changed else ''} ({REPO_ROOT})"


def _git(*arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO_ROOT), *arguments],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
