"""Every seed step, in order: the core's, then each module's (tests/support/seeding.py).

A module plugs in with a file here exporting ``STEPS`` (each a :class:`SeedStep` naming the
module, so it runs only where the module is installed) and one line in :data:`SEED_STEPS`.
Steps go through the public API as the tenant's owner and use ``Seeding.text`` for names, so
the tenant's strings carry its tag.
"""

from __future__ import annotations

from tests.support.seeding import SeedStep
from tests.support.seeds import blog, commerce, content, core, webhooks, widgets

__all__ = ["SEED_STEPS"]

SEED_STEPS: tuple[SeedStep, ...] = (
    *core.STEPS,
    *webhooks.STEPS,
    *widgets.STEPS,
    *content.STEPS,
    *blog.STEPS,
    *commerce.STEPS,
)
