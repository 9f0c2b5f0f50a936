"""Changing RUSTOK_SECRET_KEY without losing the endpoints' sealed signing secrets.

The old key goes into RUSTOK_SECRET_KEY_FALLBACKS: secrets sealed under it still open (and
sign), ``rustok webhook reseal`` seals them under the new key, then the fallback can go. The
run's database is shared, so a test that reseals under another key reseals back before it
ends (which also shows a reseal is undone the same way).
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from app.runtime import Runtime
from app.webhooks.reseal import reseal_secrets
from app.webhooks.secrets import SecretBox
from tests.app.cli import Cli, table_rows
from tests.app.webhooks.delivering import Setup, delivering, signed_with
from tests.support.databases import DatabaseTarget

NEW_KEY = "a-new-secret-key-that-is-long-enough-4567"
OTHER_KEY = "an-unrelated-secret-key-long-enough-89ab"


def use_keys(runtime: Runtime, key: str, *fallbacks: str) -> str:
    """Give the runtime another key and fallbacks; return the key it had."""
    old = runtime.settings.secret_key
    runtime.settings = runtime.settings.model_copy(
        update={"secret_key": key, "secret_key_fallbacks": list(fallbacks)}
    )
    return old


async def stored_secret(setup: Setup) -> str:
    """Return the endpoint's sealed secret as stored."""
    return (await setup.endpoint()).secret


async def test_a_secret_sealed_under_a_fallback_key_still_signs(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        old = use_keys(setup.runtime, NEW_KEY, setup.runtime.settings.secret_key)
        await setup.widget("lamp")

        await setup.deliver()

        [request] = setup.got.requests
        [delivery] = await setup.deliveries()
        use_keys(setup.runtime, old)
    assert delivery.state == "delivered"
    assert signed_with(setup.secret, request)


async def test_without_the_old_key_the_secret_does_not_open_and_nothing_is_sent(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        old = use_keys(setup.runtime, NEW_KEY)
        await setup.widget("lamp")

        await setup.deliver()

        [attempt] = await setup.attempts()
        use_keys(setup.runtime, old)
    assert setup.got.requests == []
    assert attempt.error is not None
    assert "RUSTOK_SECRET_KEY_FALLBACKS" in attempt.error


async def test_a_reseal_moves_secrets_to_the_new_key_and_back(database: DatabaseTarget) -> None:
    async with delivering(database, "/ok") as setup:
        runtime = setup.runtime
        sealed_before = await stored_secret(setup)
        old = use_keys(runtime, NEW_KEY, runtime.settings.secret_key)

        moved = await reseal_secrets(runtime)
        again = await reseal_secrets(runtime)
        use_keys(runtime, NEW_KEY)  # the fallback is gone: the resealed secret still signs
        await setup.widget("lamp")
        await setup.deliver()
        [request] = setup.got.requests
        sealed_after = await stored_secret(setup)
        opened = SecretBox.from_secret_key(NEW_KEY).open(
            sealed_after, setup.tenant.id, setup.endpoint_id
        )

        use_keys(runtime, old, NEW_KEY)  # put the shared database back under the test key
        back = await reseal_secrets(runtime)
        use_keys(runtime, old)

    assert moved.resealed >= 1
    assert moved.unreadable == []
    assert (again.resealed, again.current) == (0, moved.resealed + moved.current)
    assert back.resealed == moved.resealed
    assert sealed_after != sealed_before
    assert opened == setup.secret
    assert signed_with(setup.secret, request)


async def test_a_reseal_lists_the_secrets_no_key_opens_and_changes_nothing(
    database: DatabaseTarget,
) -> None:
    async with delivering(database, "/ok") as setup:
        sealed = await stored_secret(setup)
        old = use_keys(setup.runtime, OTHER_KEY)

        report = await reseal_secrets(setup.runtime)

        use_keys(setup.runtime, old)
        assert await stored_secret(setup) == sealed
    assert (setup.tenant.slug, setup.endpoint_id) in report.unreadable
    assert report.resealed == 0


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


async def test_the_cli_reseals_and_fails_on_secrets_no_key_opens(
    database: DatabaseTarget, cli: Cli
) -> None:
    async with delivering(database, "/ok") as setup:
        test_key = setup.runtime.settings.secret_key

        current = await asyncio.to_thread(cli, "webhook", "reseal", RUSTOK_SECRET_KEY=test_key)
        unreadable = await asyncio.to_thread(cli, "webhook", "reseal", RUSTOK_SECRET_KEY=OTHER_KEY)

    assert current.exit_code == 0, current.output
    assert "resealed 0 secrets" in current.stdout
    assert unreadable.exit_code == 1
    rows = table_rows(unreadable.stdout)
    assert [setup.tenant.slug, str(setup.endpoint_id)] in rows
    assert "open under none of the keys" in unreadable.output
    assert uuid.UUID(rows[1][1])  # endpoint ids, never secrets
