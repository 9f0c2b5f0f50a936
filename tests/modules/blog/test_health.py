"""Blog's health check: the read model's presence and its projection's backlog."""

from __future__ import annotations

from sqlalchemy import update

from app.events.models import DeliveryRow, DeliveryState
from app.registry import HealthResult, HealthStatus
from modules.blog.health import MAX_WAITING, backlog, check_health, judge
from tests.support.blog import blog_app
from tests.support.databases import DatabaseTarget


def test_dead_letters_and_a_long_backlog_warn() -> None:
    assert judge(0, 0) == HealthResult(
        HealthStatus.PASS, "read model: 0 events waiting, 0 dead-lettered"
    )
    assert judge(MAX_WAITING, 0).status is HealthStatus.PASS
    assert judge(MAX_WAITING + 1, 0) == HealthResult(
        HealthStatus.WARN,
        f"read model: {MAX_WAITING + 1} events waiting, 0 dead-lettered; lists lag behind",
    )
    assert judge(3, 2) == HealthResult(
        HealthStatus.WARN,
        "read model: 3 events waiting, 2 dead-lettered; replay them (`rustok event replay`)",
    )


async def test_the_check_counts_the_projection_s_deliveries(database: DatabaseTarget) -> None:
    # The delivery table is shared by every tenant of the run: count from a baseline.
    async with blog_app(database) as app:
        runtime = app.api.state.runtime
        waiting, dead = await backlog(runtime.db)
        await app.post([await app.author()])  # content.entry.created, blog.post.created
        assert await backlog(runtime.db) == (waiting + 2, dead)
        async with runtime.db.transaction() as session:
            await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.subscriber == "blog.listing",
                    DeliveryRow.tenant_id == app.tenant.id,
                )
                .values(state=DeliveryState.DEAD)
            )
        assert await backlog(runtime.db) == (waiting, dead + 2)
        assert (await check_health(runtime.db)).status is HealthStatus.WARN
        health = await app.api.client.get("/healthz")
        assert health.json()["modules"]["blog"]["status"] == "warn"
