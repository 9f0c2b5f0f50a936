"""The `events` subscription over a real WebSocket (graphql-transport-ws), end to end.

The app runs with its lifespan in the test's loop and is served by uvicorn on loopback; the
client is aiohttp's. Events are written through the services, as mutations would.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis
from starlette.requests import HTTPConnection

from app.auth.authenticator import ACCESS_COOKIE
from app.auth.principal import Principal
from app.events.emit import emit
from app.events.envelope import Event
from app.events.live import LiveHub, RedisLive, TooSlow, live_channel
from app.tenants.directory import ActiveTenant
from app.webhooks.events import ENDPOINT_CREATED, EndpointCreated
from tests.app.identity.people import person
from tests.app.webhooks.endpoints import create_endpoint
from tests.app.webhooks.receiver import receiver
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.events import WIDGET_RENAMED, WidgetChanged
from tests.fixtures.widgets.module import create_widget
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context
from tests.support.redis_server import delete_keys, shared_redis_url, unique_prefix
from tests.support.socket_server import socket_server
from tests.support.worker_process import spawned_worker

PROTOCOL = "graphql-transport-ws"
EVENTS = "subscription ($types: [String!]) { events(types: $types) { type payload actor } }"
SECONDS = 5.0


@dataclass(slots=True)
class Served:
    """The app, its socket URL, and a tenant."""

    api: RunningApp
    url: str
    tenant: CreatedTenant

    async def widget(self, name: str, tenant: CreatedTenant | None = None) -> None:
        """Create a widget (one widgets.item.created) in ``tenant`` (default: the test's)."""
        ctx = await tenant_context(self.api.state.runtime, tenant or self.tenant)
        await create_widget(ctx, name)


@asynccontextmanager
async def served(database: DatabaseTarget, **overrides: Any) -> AsyncIterator[Served]:
    """The app (no background runner needed: events go live as they commit) on a socket."""
    settings = make_settings(database, **{"event_runner": "off", **overrides})
    async with running_app(settings, make_registry(settings)) as api, socket_server(api.app) as url:
        yield Served(api, url, await create_tenant(api))


@asynccontextmanager
async def connected(
    url: str, init: dict[str, Any] | None = None, **options: Any
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """Open a socket and, if ``init`` is given, initialise it (expecting the ack)."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, protocols=[PROTOCOL], **options) as ws,
    ):
        if init is not None:
            await ws.send_json({"type": "connection_init", "payload": init})
            assert await ws.receive_json(timeout=SECONDS) == {"type": "connection_ack"}
        yield ws


def init_for(served: Served, token: str) -> dict[str, str]:
    """The connection_init payload of ``token`` in the served tenant."""
    return {"authorization": f"Bearer {token}", "tenant": served.tenant.slug}


async def subscribe(
    ws: aiohttp.ClientWebSocketResponse, types: list[str] | None, sub_id: str = "1"
) -> None:
    """Start the events subscription."""
    payload = {"query": EVENTS, "variables": {"types": types}}
    await ws.send_json({"id": sub_id, "type": "subscribe", "payload": payload})


async def closed_with(ws: aiohttp.ClientWebSocketResponse) -> int | None:
    """Wait for the server to close the socket; return the close code."""
    message = await ws.receive(timeout=SECONDS)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), message
    return ws.close_code


async def settle() -> None:
    """Let the server register the subscription before anything is written."""
    await asyncio.sleep(0.2)


async def test_a_subscriber_gets_its_tenants_events_as_they_commit(
    database: DatabaseTarget,
) -> None:
    async with served(database) as s:
        other = await create_tenant(s.api)
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await subscribe(ws, ["widgets.item.*"])
            await settle()
            await s.widget("elsewhere", other)  # another tenant's: never sent here
            await s.widget("lamp")
            await s.widget("desk")

            first = await ws.receive_json(timeout=SECONDS)
            second = await ws.receive_json(timeout=SECONDS)

    assert first["id"] == "1"
    assert first["type"] == "next"
    assert first["payload"]["data"]["events"]["type"] == "widgets.item.created"
    assert [
        first["payload"]["data"]["events"]["payload"],
        second["payload"]["data"]["events"]["payload"],
    ] == [
        {"name": "lamp"},
        {"name": "desk"},
    ]


async def test_only_the_types_the_subscriber_may_see_arrive(database: DatabaseTarget) -> None:
    async with served(database) as s:
        # It may see widgets' events, not webhooks' (they need webhooks.view_endpoints).
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await subscribe(ws, None)  # every type
            await settle()
            ctx = await tenant_context(s.api.state.runtime, s.tenant)
            async with ctx.runtime.db.transaction(s.tenant.id) as session:
                endpoint = uuid.uuid4()
                created = EndpointCreated(endpoint_id=str(endpoint))
                await emit(ctx, session, ENDPOINT_CREATED, created, aggregate_id=endpoint)
            await s.widget("lamp")

            received = await ws.receive_json(timeout=SECONDS)

    assert received["payload"]["data"]["events"]["type"] == "widgets.item.created"


async def test_a_pattern_covering_nothing_visible_is_a_validation_error(
    database: DatabaseTarget,
) -> None:
    async with served(database) as s:
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await subscribe(ws, ["nothing.such.*"])
            answer = await ws.receive_json(timeout=SECONDS)

    assert answer["type"] == "error"
    assert answer["id"] == "1"
    [error] = answer["payload"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION", "types")


async def test_anonymous_is_told_to_sign_in_and_a_bad_token_is_refused(
    database: DatabaseTarget,
) -> None:
    async with served(database) as s:
        async with connected(s.url, {"tenant": s.tenant.slug}) as ws:
            await subscribe(ws, None)
            answer = await ws.receive_json(timeout=SECONDS)
        async with connected(s.url) as ws:
            await ws.send_json(
                {"type": "connection_init", "payload": {"authorization": "Bearer nonsense"}}
            )
            code = await closed_with(ws)

    assert answer["type"] == "error"
    assert answer["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert code == 4403


async def test_queries_and_mutations_go_by_post_and_subscriptions_by_socket(
    database: DatabaseTarget,
) -> None:
    async with served(database) as s:
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await ws.send_json(
                {"id": "q", "type": "subscribe", "payload": {"query": "{ gadgetHello }"}}
            )
            over_socket = await ws.receive_json(timeout=SECONDS)
        over_post = await s.api.client.post(
            "/graphql", json={"query": EVENTS}, headers={"X-Tenant": s.tenant.slug}
        )

    assert over_socket["type"] == "error"
    assert "only subscriptions" in over_socket["payload"][0]["message"]
    assert over_post.status_code == 400
    assert "WebSocket" in over_post.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ([{"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}], 4401),
        ([{"type": "connection_init"}, {"type": "connection_init"}], 4429),
        ([{"type": "connection_init"}, {"type": "what"}], 4400),
        (
            [
                {"type": "connection_init"},
                {"id": "a", "type": "subscribe", "payload": {"query": EVENTS}},
                {"id": "a", "type": "subscribe", "payload": {"query": EVENTS}},
            ],
            4409,
        ),
        (
            [
                {"type": "connection_init"},
                {"id": "a", "type": "subscribe", "payload": {"query": EVENTS, "operationName": {}}},
            ],
            4400,
        ),
    ],
)
async def test_protocol_violations_close_with_the_protocols_codes(
    database: DatabaseTarget, messages: list[dict[str, Any]], code: int
) -> None:
    async with served(database) as s, connected(s.url) as ws:
        for message in messages:
            await ws.send_json(message)
        while True:
            received = await ws.receive(timeout=SECONDS)
            if received.type is not aiohttp.WSMsgType.TEXT:
                break
        assert ws.close_code == code


async def test_a_binary_message_closes_with_4400(database: DatabaseTarget) -> None:
    async with served(database) as s, connected(s.url, {}) as ws:
        await ws.send_bytes(b'{"type": "ping"}')
        code = await closed_with(ws)

    assert code == 4400


async def test_a_ping_before_the_init_is_answered(database: DatabaseTarget) -> None:
    async with served(database) as s, connected(s.url) as ws:
        await ws.send_json({"type": "ping"})
        pong = await ws.receive_json(timeout=SECONDS)
        await ws.send_json({"type": "connection_init"})
        ack = await ws.receive_json(timeout=SECONDS)

    assert (pong, ack) == ({"type": "pong"}, {"type": "connection_ack"})


async def test_no_init_in_time_closes_with_4408(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.graphql.ws.INIT_SECONDS", 0.2)
    async with served(database) as s, connected(s.url) as ws:
        assert await closed_with(ws) == 4408


async def test_another_origin_cannot_open_a_socket(database: DatabaseTarget) -> None:
    async with served(database) as s:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with connected(s.url, headers={"Origin": "https://evil.example"}):
                pass
        async with connected(s.url, {}, headers={"Origin": s.url.replace("ws://", "http://")}):
            pass  # its own origin is fine

    assert refused.value.status == 403


async def test_any_origin_does_not_lend_another_site_the_admins_cookie(
    database: DatabaseTarget,
) -> None:
    async with served(database, cors_origins=["*"]) as s:
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        evil = {"Origin": "https://evil.example"}
        cookie = {**evil, "Cookie": f"{ACCESS_COOKIE}={token}"}
        async with connected(s.url, headers=cookie) as ws:
            await ws.send_json({"type": "connection_init", "payload": {"tenant": s.tenant.slug}})
            code = await closed_with(ws)
        async with connected(s.url, init_for(s, token), headers=evil):
            pass  # its own credential, not an ambient one: any origin may use it

    assert code == 4403


async def test_a_cross_site_socket_cannot_use_the_cookie_even_from_a_listed_origin(
    database: DatabaseTarget,
) -> None:
    shop = "https://shop.example"
    async with served(database, cors_origins=[shop]) as s:
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        cross_site = {"Origin": shop, "Sec-Fetch-Site": "cross-site"}
        cookie = {**cross_site, "Cookie": f"{ACCESS_COOKIE}={token}"}
        async with connected(s.url, headers=cookie) as ws:
            await ws.send_json({"type": "connection_init", "payload": {"tenant": s.tenant.slug}})
            code = await closed_with(ws)
        async with connected(s.url, init_for(s, token), headers=cross_site):
            pass  # as over HTTP: its own credential is fine

    assert code == 4403


async def test_a_revoked_credential_closes_the_socket(database: DatabaseTarget) -> None:
    async with served(database) as s:
        socket = s.api.state.socket
        assert socket is not None
        socket.recheck_seconds = 0.2
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await subscribe(ws, None)
            await settle()
            s.api.auth.revoke(token)
            code = await closed_with(ws)

    assert code == 4403


class Undone(Exception):
    """Rolls a savepoint back."""


async def test_an_event_whose_savepoint_rolled_back_never_goes_live(
    database: DatabaseTarget,
) -> None:
    async with served(database) as s:
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await subscribe(ws, ["widgets.item.*"])
            await settle()
            ctx = await tenant_context(s.api.state.runtime, s.tenant)
            async with ctx.runtime.db.transaction(s.tenant.id) as session:
                # As a handler's or a job's savepoint is when it fails after emitting.
                with contextlib.suppress(Undone):
                    async with session.begin_nested():
                        undone = WidgetChanged(name="undone")
                        await emit(ctx, session, WIDGET_RENAMED, undone, aggregate_id=uuid.uuid4())
                        raise Undone
                kept = WidgetChanged(name="kept")
                await emit(ctx, session, WIDGET_RENAMED, kept, aggregate_id=uuid.uuid4())

            received = await ws.receive_json(timeout=SECONDS)

    assert received["payload"]["data"]["events"]["payload"] == {"name": "kept"}


class UnreachableIdentity:
    """Authenticates nobody: its store is down, as a database outage leaves the real one."""

    async def authenticate(
        self, connection: HTTPConnection, tenant: ActiveTenant | None
    ) -> Principal:
        """Fail the way an unreachable database does."""
        raise OSError("the identity store is unreachable")


async def test_a_credential_that_cannot_be_rechecked_closes_the_socket(
    database: DatabaseTarget,
) -> None:
    async with served(database) as s:
        socket = s.api.state.socket
        assert socket is not None
        socket.recheck_seconds = 0.2
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with connected(s.url, init_for(s, token)) as ws:
            await subscribe(ws, None)
            await settle()
            socket.authenticator = UnreachableIdentity()
            code = await closed_with(ws)

    assert code == 1011


def _event(tenant_id: uuid.UUID, number: int) -> Event:
    return Event(
        id=uuid.uuid4(),
        tenant_id=tenant_id,
        type="widgets.item.created",
        version=1,
        aggregate_type="widgets.item",
        aggregate_id=str(number),
        sequence=1,
        occurred_at=datetime.now(UTC),
        actor="system",
        payload={"name": str(number)},
    )


async def test_a_subscriber_that_does_not_keep_up_is_dropped_alone() -> None:
    hub, tenant_id = LiveHub(queue_size=3), uuid.uuid4()
    slow = hub.subscribe(tenant_id, lambda _event: True)
    brisk = hub.subscribe(tenant_id, lambda _event: True)
    received: list[str] = []

    async def read_briskly() -> None:
        async for event in brisk:
            received.append(event.aggregate_id)
            if len(received) == 10:
                return

    reader = asyncio.create_task(read_briskly())
    for number in range(10):
        hub.publish([_event(tenant_id, number)])
        await asyncio.sleep(0)
    await asyncio.wait_for(reader, SECONDS)

    with pytest.raises(TooSlow):
        async for _event_read in slow:
            pass
    assert received == [str(number) for number in range(10)]
    assert hub.subscribers == 0


async def test_a_dropped_subscriber_gets_what_it_had_queued_and_no_gap_before_it() -> None:
    hub, tenant_id = LiveHub(queue_size=3), uuid.uuid4()
    slow = hub.subscribe(tenant_id, lambda _event: True)
    hub.publish([_event(tenant_id, number) for number in range(10)])
    received: list[str] = []

    async def read_all() -> None:
        async for event in slow:
            received.append(event.aggregate_id)

    with pytest.raises(TooSlow):
        await read_all()
    # What it read runs unbroken up to the drop: it resumes (auditLog) after the last one.
    assert received == ["0", "1", "2"]


@pytest.mark.redis
@pytest.mark.skipif(
    shared_redis_url() is None,
    reason="needs Redis: set RUSTOK_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)",
)
async def test_events_committed_by_another_process_arrive_through_redis(
    database: DatabaseTarget,
) -> None:
    url, prefix = shared_redis_url() or "", unique_prefix()
    overrides: dict[str, Any] = {"redis_url": url, "redis_prefix": prefix, "event_runner": "off"}
    try:
        async with served(database, **overrides) as s:
            settings = make_settings(database, **overrides)
            # A second API process: its own runtime, sharing only the database and Redis.
            async with running_app(settings, make_registry(settings)) as other:
                token = s.api.auth.member(s.tenant.id, "widgets.view_items")
                async with connected(s.url, init_for(s, token)) as ws:
                    await subscribe(ws, ["widgets.item.created"])
                    await settle()
                    ctx = await tenant_context(other.state.runtime, s.tenant)
                    await create_widget(ctx, "from afar")

                    received = await ws.receive_json(timeout=SECONDS)
    finally:
        await delete_keys(url, prefix)

    assert received["payload"]["data"]["events"]["payload"] == {"name": "from afar"}


@pytest.mark.redis
@pytest.mark.skipif(
    shared_redis_url() is None,
    reason="needs Redis: set RUSTOK_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)",
)
async def test_a_message_that_does_not_decode_does_not_stop_the_listener() -> None:
    url, prefix = shared_redis_url() or "", unique_prefix()
    hub, tenant_id = LiveHub(), uuid.uuid4()
    subscription = hub.subscribe(tenant_id, lambda _event: True)
    live, stop = RedisLive(url, prefix), asyncio.Event()
    listening = asyncio.create_task(live.listen(hub, stop))
    client: Redis = Redis.from_url(url)
    try:
        for _ in range(500):
            [(_channel, listeners)] = await client.pubsub_numsub(live_channel(prefix))
            if listeners:
                break
            await asyncio.sleep(0.01)
        # Another release's format, or anything else on the channel.
        await client.publish(live_channel(prefix), b"not the events' JSON")
        live.publish([_event(tenant_id, 1)])

        event = await asyncio.wait_for(anext(aiter(subscription)), SECONDS)
    finally:
        stop.set()
        await listening
        await live.close()
        await client.aclose()

    assert event.aggregate_id == "1"


@pytest.mark.redis
@pytest.mark.skipif(
    shared_redis_url() is None,
    reason="needs Redis for `rustok worker`: set RUSTOK_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)",
)
async def test_events_a_worker_emits_reach_the_api_s_subscribers(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    """The worker disables an endpoint answering 410 and emits it; the API's subscriber sees it."""
    url, prefix = shared_redis_url() or "", unique_prefix()
    overrides: dict[str, Any] = {
        "redis_url": url,
        "redis_prefix": prefix,
        "event_runner": "worker",
        "webhook_allow_private": True,
        "event_poll_seconds": 0.2,
    }
    try:
        async with served(database, **overrides) as s, receiver() as got:
            owner = await person(s.api, s.tenant, "owner")
            await create_endpoint(
                s.api, s.tenant, owner.token, url=got.url("/gone"), eventTypes=["widgets.item.*"]
            )
            async with connected(s.url, init_for(s, owner.token)) as ws:
                await subscribe(ws, ["webhooks.endpoint.disabled"])
                await settle()
                await s.widget("lamp")
                settings = make_settings(database, **overrides)
                async with spawned_worker(settings, tmp_path / "worker.log") as worker:
                    await worker.wait_started()
                    received = await ws.receive_json(timeout=30)
    finally:
        await delete_keys(url, prefix)

    event = received["payload"]["data"]["events"]
    assert event["type"] == "webhooks.endpoint.disabled"
    assert event["payload"]["reason"] == "gone"
    assert event["actor"] == "system"


async def test_a_subscriber_overrun_by_a_burst_is_closed_with_1013_and_others_go_on(
    database: DatabaseTarget,
) -> None:
    """One commit of many events overruns a queue of 2; its socket closes, the other's lives."""
    async with served(database) as s:
        runtime = s.api.state.runtime
        runtime.live = LiveHub(queue_size=2)
        runtime.events.live = runtime.live.publish  # committed events now go to the small hub
        token = s.api.auth.member(s.tenant.id, "widgets.view_items")
        async with (
            connected(s.url, init_for(s, token)) as slow,
            connected(s.url, init_for(s, token)) as other,
        ):
            await subscribe(slow, ["widgets.item.renamed"])
            await subscribe(other, ["widgets.item.created"])  # not in the burst
            await settle()
            ctx = await tenant_context(s.api.state.runtime, s.tenant)
            async with ctx.runtime.db.transaction(s.tenant.id) as session:
                for number in range(10):  # published together when the transaction commits
                    changed = WidgetChanged(name=f"w{number}")
                    await emit(ctx, session, WIDGET_RENAMED, changed, aggregate_id=uuid.uuid4())
            kept = []
            while True:
                message = await slow.receive(timeout=SECONDS)
                if message.type is not aiohttp.WSMsgType.TEXT:
                    break
                kept.append(message.json()["payload"]["data"]["events"]["type"])
            await s.widget("after the burst")
            unaffected = await other.receive_json(timeout=SECONDS)

    assert slow.close_code == 1013
    # The queue held two when the third came: those two go out, then the close.
    assert kept == ["widgets.item.renamed"] * 2
    assert unaffected["payload"]["data"]["events"]["type"] == "widgets.item.created"
