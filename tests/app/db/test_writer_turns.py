"""SQLite writers of one process take turns: in arrival order, the drain ahead of the rest."""

from __future__ import annotations

import asyncio

import pytest

from app.db.database import WriterTurns


async def _take(turns: WriterTurns, name: str, order: list[str], *, ahead: bool = False) -> None:
    await turns.acquire(ahead=ahead)
    order.append(name)
    await asyncio.sleep(0)
    turns.release()


async def test_writers_go_in_arrival_order_and_one_ahead_goes_next() -> None:
    turns = WriterTurns(asyncio.get_running_loop())
    order: list[str] = []
    await turns.acquire(ahead=False)
    waiting = [asyncio.create_task(_take(turns, name, order)) for name in ("a", "b", "c")]
    await asyncio.sleep(0)
    drain = asyncio.create_task(_take(turns, "drain", order, ahead=True))
    await asyncio.sleep(0)
    turns.release()
    await asyncio.gather(*waiting, drain)

    assert order == ["drain", "a", "b", "c"]


async def test_a_cancelled_waiter_passes_its_turn_on() -> None:
    turns = WriterTurns(asyncio.get_running_loop())
    order: list[str] = []
    await turns.acquire(ahead=False)
    cancelled = asyncio.create_task(_take(turns, "cancelled", order))
    after = asyncio.create_task(_take(turns, "after", order))
    await asyncio.sleep(0)
    turns.release()  # the turn goes to `cancelled`, which is cancelled before it runs
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    await asyncio.wait_for(after, 1)

    assert order == ["after"]
    await asyncio.wait_for(turns.acquire(ahead=False), 1)  # and nobody holds it now
