"""Waiting for a read model in the browser: lists fed by the index show a change once indexed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["refresh_until"]

_SECONDS = 10.0


def refresh_until(page: Page, check: Callable[[], None]) -> None:
    """Press the screen's Refresh button until ``check`` passes; fail with its last assertion
    after ten seconds."""
    deadline = time.monotonic() + _SECONDS
    while True:
        page.get_by_role("button", name="Refresh").click()
        try:
            check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            return
