"""Seed steps of the test-only widgets module: widgets, one of them poisoned (a dead letter)."""

from __future__ import annotations

from tests.fixtures.widgets.events import POISON_PREFIX
from tests.support.seeding import Seeding, SeedStep

__all__ = ["STEPS"]

_CREATE = "mutation ($name: String!) { widgetCreate(name: $name) { errors { code message } } }"


async def _widgets(seeding: Seeding) -> None:
    for label in ("gizmo", "sprocket", POISON_PREFIX):
        await seeding.call(_CREATE, {"name": seeding.text(label)})


STEPS: tuple[SeedStep, ...] = (SeedStep("widgets", "widgets", _widgets),)
