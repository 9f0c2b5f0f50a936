"""Live events: committed events handed to the API process's subscribers as they commit.

Every process that emits hands its committed events on (:attr:`EventBus.live`): without
Redis straight to this process's :class:`LiveHub` (the embedded default is one process), with
Redis through a pub/sub channel that every API process listens on (:class:`RedisLive`), so a
subscriber connected to one API process sees what another process or ``rustok worker``
committed.

A live stream is best effort, at most once: an event committed while a subscriber was
disconnected, or published while Redis was down, is not replayed to it (the outbox, the audit
log and webhooks are the durable ways out). Each subscriber has a bounded queue; one that
does not keep up is dropped (:class:`TooSlow`) instead of slowing the others or growing
without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Sequence

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.events.envelope import Event

__all__ = ["QUEUE_SIZE", "LiveHub", "LiveSubscription", "RedisLive", "TooSlow", "live_channel"]

QUEUE_SIZE = 1000
_RETRY_SECONDS = 1.0

logger = logging.getLogger(__name__)


class TooSlow(Exception):
    """A subscriber's queue overflowed: it was dropped."""


class LiveSubscription:
    """One subscriber's queue of the events it accepts, in commit order."""

    def __init__(
        self, hub: LiveHub, tenant_id: uuid.UUID, accepts: Callable[[Event], bool], size: int
    ) -> None:
        self.tenant_id = tenant_id
        self.accepts = accepts
        self._hub = hub
        self._size = size
        # One slot more than it holds events: the end-of-stream mark always fits.
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue(size + 1)
        self.dropped = False

    def offer(self, event: Event) -> None:
        """Queue ``event``; drop the subscription if its queue is full.

        The events already queued still go out, then :class:`TooSlow`: what the subscriber
        reads has no gap, so it can resume after the last event it read.
        """
        if self.dropped:
            return
        if self._queue.qsize() < self._size:
            self._queue.put_nowait(event)
            return
        self.dropped = True
        self._hub.unsubscribe(self)
        self._queue.put_nowait(None)

    def close(self) -> None:
        """Stop receiving (the iterator ends)."""
        self._hub.unsubscribe(self)
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    async def __aiter__(self) -> AsyncIterator[Event]:
        """Yield events as they come; raise :class:`TooSlow` once dropped."""
        try:
            while True:
                event = await self._queue.get()
                if event is None:
                    if self.dropped:
                        raise TooSlow("events came faster than they were read: resubscribe")
                    return
                yield event
        finally:
            self._hub.unsubscribe(self)


class LiveHub:
    """This process's live subscribers, by tenant."""

    def __init__(self, queue_size: int = QUEUE_SIZE) -> None:
        self._size = queue_size
        self._by_tenant: dict[uuid.UUID, set[LiveSubscription]] = {}

    def subscribe(self, tenant_id: uuid.UUID, accepts: Callable[[Event], bool]) -> LiveSubscription:
        """Start receiving the tenant's committed events that ``accepts`` takes."""
        subscription = LiveSubscription(self, tenant_id, accepts, self._size)
        self._by_tenant.setdefault(tenant_id, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: LiveSubscription) -> None:
        """Stop handing events to ``subscription`` (idempotent)."""
        subscribers = self._by_tenant.get(subscription.tenant_id)
        if subscribers is None:
            return
        subscribers.discard(subscription)
        if not subscribers:
            del self._by_tenant[subscription.tenant_id]

    @property
    def subscribers(self) -> int:
        """Return how many subscriptions are open."""
        return sum(len(found) for found in self._by_tenant.values())

    def publish(self, events: Sequence[Event]) -> None:
        """Hand events to their tenant's subscribers that accept them."""
        for event in events:
            for subscription in list(self._by_tenant.get(event.tenant_id, ())):
                if subscription.accepts(event):
                    subscription.offer(event)


def live_channel(prefix: str) -> str:
    """Return the Redis pub/sub channel of committed events."""
    return f"{prefix}:events:live"


def _encode(events: Sequence[Event]) -> bytes:
    return orjson.dumps([event.as_json() for event in events])


def _decode(raw: bytes) -> list[Event]:
    return [Event.from_json(item) for item in orjson.loads(raw)]


def _hand_on(hub: LiveHub, raw: bytes) -> None:
    """Publish a message's events to ``hub``; one it cannot read is logged, not fatal."""
    try:
        events = _decode(raw)
    except (ValueError, KeyError, TypeError):  # another release's format, or a stray message
        logger.warning("live events: ignored a message that is not a list of events")
        return
    hub.publish(events)


class RedisLive:
    """Committed events over Redis pub/sub: publish from any process, listen in API processes."""

    def __init__(self, redis_url: str, prefix: str) -> None:
        self._client: Redis = Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        self._url = redis_url
        self._channel = live_channel(prefix)
        self._pending: set[asyncio.Task[None]] = set()

    def publish(self, events: Sequence[Event]) -> None:
        """Publish in the background (a commit never waits on Redis)."""
        task = asyncio.get_running_loop().create_task(self._publish(_encode(events)))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _publish(self, message: bytes) -> None:
        try:
            await self._client.publish(self._channel, message)
        except (RedisError, OSError) as error:
            logger.warning("could not publish live events through Redis: %s", error)

    async def listen(self, hub: LiveHub, stop: asyncio.Event) -> None:
        """Hand what the channel carries to ``hub`` until ``stop``; reconnect after failures."""
        while not stop.is_set():
            client: Redis = Redis.from_url(self._url, socket_connect_timeout=1)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self._channel)
                    while not stop.is_set():
                        message = await pubsub.get_message(timeout=0.5)
                        if message is not None:
                            _hand_on(hub, message["data"])
            except (RedisError, OSError) as error:
                logger.warning("live events: Redis unreachable (%s); retrying", error)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), _RETRY_SECONDS)
            finally:
                await client.aclose()

    async def close(self) -> None:
        """Finish publishes in flight and close the connection."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._client.aclose()
