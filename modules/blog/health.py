"""Blog's health check: is the read model there, and is its projection keeping up?

``warn`` (never ``fail``: lists lag, nothing is lost) when ``idx_blog_posts`` cannot be read
(a migration missing), when events for the projection ``blog.listing`` were dead-lettered
(lists miss changes until they are replayed), or when more than ``MAX_WAITING`` wait for it.
It reads across tenants only the core's delivery table, which is not tenant-scoped.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.events.models import DeliveryRow, DeliveryState
from app.registry import HealthResult, HealthStatus
from modules.blog.listing.models import PostListingRow
from modules.blog.listing.projection import LISTING

__all__ = ["MAX_WAITING", "backlog", "check_health", "judge"]

MAX_WAITING = 1000


async def backlog(db: Database) -> tuple[int, int]:
    """Return how many deliveries to ``blog.listing`` wait and how many were dead-lettered.

    Raises:
        DBAPIError: the database could not answer (or the read table is missing).
    """
    async with db.transaction(readonly=True) as session:
        await session.execute(select(PostListingRow.post_id).limit(1))
        counted = await session.execute(
            select(DeliveryRow.state, func.count())
            .where(
                DeliveryRow.subscriber == LISTING.name,
                DeliveryRow.state.in_((DeliveryState.PENDING, DeliveryState.DEAD)),
            )
            .group_by(DeliveryRow.state)
        )
        counts = {state: int(count) for state, count in counted}
    return counts.get(DeliveryState.PENDING, 0), counts.get(DeliveryState.DEAD, 0)


def judge(waiting: int, dead: int) -> HealthResult:
    """Return the health of a read model with this backlog."""
    detail = f"read model: {waiting} events waiting, {dead} dead-lettered"
    if dead:
        return HealthResult(HealthStatus.WARN, f"{detail}; replay them (`rustok event replay`)")
    if waiting > MAX_WAITING:
        return HealthResult(HealthStatus.WARN, f"{detail}; lists lag behind")
    return HealthResult(HealthStatus.PASS, detail)


async def check_health(db: Database) -> HealthResult:
    """Report the read model's presence and the projection's backlog."""
    try:
        waiting, dead = await backlog(db)
    except DBAPIError as error:
        reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
        return HealthResult(
            HealthStatus.WARN, f"read model unreadable ({reason[:200]}): run `rustok migrate`"
        )
    return judge(waiting, dead)
