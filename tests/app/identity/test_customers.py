"""Storefront customers over GraphQL: sign-up, verification, sign-in, reset and profile.

Every test runs on the suite's database (SQLite, or PostgreSQL through the runtime role when
``RUSTOK_TEST_DATABASE_URL`` is set). Mail goes to a file sink in the test's folder, or to a
real SMTP server on loopback.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.clock import FrozenClock
from app.identity.customer_mail import schedule_customer_mail
from tests.support.client import CreatedTenant, RunningApp
from tests.support.customers import (
    EMAIL_VERIFY,
    LOGIN,
    PASSWORD,
    PROFILE,
    PROFILE_UPDATE,
    REFRESH,
    RESET,
    RESET_REQUEST,
    SIGN_UP,
    count_customers,
    customer_events,
    mails_to,
    pending_mail_jobs,
    run_jobs,
    token_in,
    unique_email,
)
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app
from tests.support.smtp_server import smtp_server

NEW_PASSWORD = "a completely different passphrase"


@asynccontextmanager
async def storefront(
    database: DatabaseTarget, mail: Path | str
) -> AsyncIterator[tuple[RunningApp, FrozenClock, CreatedTenant]]:
    """A controlled app mailing to a folder (a Path) or to an SMTP URL (a str)."""
    url = f"file://{mail}" if isinstance(mail, Path) else mail
    async with controlled_app(database, mail_url=url) as running:
        yield running


async def call(
    api: RunningApp, document: str, tenant: CreatedTenant, bearer: str | None = None, **values: Any
) -> dict[str, Any]:
    """Run one operation in ``tenant`` as ``bearer``; return its payload (or a refusal's body)."""
    body = await api.gql(
        document, {"input": values} if values else None, tenant=tenant.slug, token=bearer
    )
    if "errors" in body:
        return body
    payload: dict[str, Any] = next(iter(body["data"].values()))
    return payload


async def sign_up(
    api: RunningApp, tenant: CreatedTenant, email: str, locale: str | None = None
) -> None:
    """Sign up through GraphQL and check the uniform answer."""
    values = {"email": email, "password": PASSWORD, "displayName": "Ada Lovelace"}
    if locale is not None:
        values["locale"] = locale
    assert await call(api, SIGN_UP, tenant, **values) == {"accepted": True, "errors": []}


async def login(
    api: RunningApp, tenant: CreatedTenant, email: str, password: str = PASSWORD
) -> dict[str, Any]:
    """Sign in through GraphQL and return the payload."""
    return await call(api, LOGIN, tenant, email=email, password=password)


def code_of(body: dict[str, Any]) -> str:
    """Return the code of a top-level refusal."""
    assert body["data"] is None, body
    assert len(body["errors"]) == 1, body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def test_sign_up_verify_sign_in_reset_end_to_end(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with storefront(database, tmp_path) as (api, clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email.upper(), locale="de")
        assert mails_to(tmp_path, email) == []  # nothing is sent inside the transaction
        assert await pending_mail_jobs(api, tenant.id) == 1
        await run_jobs(api)
        (verification,) = mails_to(tmp_path, email)
        assert (
            verification["Subject"]
            == f"Bestätigen Sie Ihre E-Mail-Adresse für {tenant.slug.title()}"
        )
        assert verification["Content-Language"] == "de"
        token = token_in(verification)
        body = verification.get_body(("plain",))
        assert body is not None
        assert (
            f"http://localhost:3000/{tenant.slug}/verify-email?token={token}" in body.get_content()
        )

        session = await login(api, tenant, email)
        assert session["errors"] == []
        assert session["profile"] == {"email": email, "displayName": "Ada Lovelace"}
        before = await api.gql(PROFILE, tenant=tenant.slug, token=session["accessToken"])
        assert before["data"]["myProfile"]["emailVerified"] is False

        assert await call(api, EMAIL_VERIFY, tenant, token=token) == {"done": True, "errors": []}
        reused = await call(api, EMAIL_VERIFY, tenant, token=token)
        assert reused == {
            "done": False,
            "errors": [
                {
                    "code": "VALIDATION",
                    "field": "token",
                    "message": "the link was already used, or a newer one was sent: use the newest",
                }
            ],
        }
        profile = (await api.gql(PROFILE, tenant=tenant.slug, token=session["accessToken"]))[
            "data"
        ]["myProfile"]
        assert profile["email"] == email
        assert profile["locale"] == "de"
        assert profile["emailVerified"] is True
        assert profile["createdAt"] == "2026-11-26T09:00:00+00:00"

        clock.advance(timedelta(minutes=1))
        assert await call(api, RESET_REQUEST, tenant, email=email) == {
            "accepted": True,
            "errors": [],
        }
        await run_jobs(api)
        _, reset_mail = mails_to(tmp_path, email)
        assert reset_mail["Subject"] == f"Setzen Sie Ihr Passwort für {tenant.slug.title()} zurück"
        reset_token = token_in(reset_mail)
        second = await login(api, tenant, email)
        done = await call(api, RESET, tenant, token=reset_token, password=NEW_PASSWORD)
        assert done == {"done": True, "errors": []}

        for old in (session, second):
            dead = await api.gql(PROFILE, tenant=tenant.slug, token=old["accessToken"])
            assert code_of(dead) == "UNAUTHENTICATED"
            assert dead["errors"][0]["message"] == "the session has ended: sign in again"
            refused = await call(api, REFRESH, tenant, refreshToken=old["refreshToken"])
            assert refused["errors"] == [
                {
                    "code": "UNAUTHENTICATED",
                    "field": None,
                    "message": "the session has ended: sign in again",
                }
            ]
        assert (await login(api, tenant, email))["errors"][0]["code"] == "UNAUTHENTICATED"
        fresh = await login(api, tenant, email, NEW_PASSWORD)
        assert fresh["errors"] == []
        assert "errors" not in await api.gql(
            PROFILE, tenant=tenant.slug, token=fresh["accessToken"]
        )
        again = await call(api, RESET, tenant, token=reset_token, password="yet another passphrase")
        assert again["errors"][0]["field"] == "token"

        events = await customer_events(api, tenant.id)
        customer_id = events[0]["payload"]["customer_id"]
        assert events == [
            {
                "type": "core.customer.created",
                "actor": f"customer:{customer_id}",
                "payload": {"customer_id": customer_id},
            },
            {
                "type": "core.customer.verified",
                "actor": f"customer:{customer_id}",
                "payload": {"customer_id": customer_id},
            },
            {
                "type": "core.customer.updated",
                "actor": f"customer:{customer_id}",
                "payload": {"customer_id": customer_id, "changed": ["password"]},
            },
        ]


async def test_profile_update_changes_only_what_is_given(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email)
        token = (await login(api, tenant, email))["accessToken"]
        updated = await call(api, PROFILE_UPDATE, tenant, token, displayName="  Ada King ")
        assert updated == {"profile": {"displayName": "Ada King", "locale": "en"}, "errors": []}
        unchanged = await call(
            api, PROFILE_UPDATE, tenant, token, displayName="Ada King", locale="en"
        )
        assert unchanged["errors"] == []
        bad = await call(
            api, PROFILE_UPDATE, tenant, token, displayName=" ", locale="english please"
        )
        assert bad == {
            "profile": None,
            "errors": [
                {
                    "code": "VALIDATION",
                    "field": "displayName",
                    "message": "give a name of 1 to 120 characters",
                },
                {
                    "code": "VALIDATION",
                    "field": "locale",
                    "message": "give a language tag such as en or pt-BR",
                },
            ],
        }
        moved = await call(api, PROFILE_UPDATE, tenant, token, locale="pt-BR")
        assert moved["profile"] == {"displayName": "Ada King", "locale": "pt-BR"}
        updates = [
            e["payload"]["changed"]
            for e in await customer_events(api, tenant.id)
            if e["type"] == "core.customer.updated"
        ]
        assert updates == [["display_name"], ["locale"]]


async def test_a_taken_email_answers_the_same_and_mails_its_owner(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email)
        await sign_up(api, tenant, f"  {email.upper()} ")
        assert await count_customers(api, tenant.id) == 1
        await run_jobs(api)
        verification, notice = mails_to(tmp_path, email)
        assert verification["Subject"].startswith("Confirm your email address")
        assert notice["Subject"] == f"You already have an account at {tenant.slug.title()}"
        body = notice.get_body(("plain",))
        assert body is not None
        assert (
            f"http://localhost:3000/{tenant.slug}/forgot-password"
            in body.get_content().splitlines()
        )
        assert "token=" not in body.get_content()
        assert [e["type"] for e in await customer_events(api, tenant.id)] == [
            "core.customer.created"
        ]


async def test_the_same_email_signs_up_in_two_tenants(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    from tests.support.client import create_tenant

    async with storefront(database, tmp_path) as (api, _clock, first):
        second = await create_tenant(api)
        email = unique_email()
        await sign_up(api, first, email)
        await sign_up(api, second, email)
        assert (await count_customers(api, first.id), await count_customers(api, second.id)) == (
            1,
            1,
        )
        await run_jobs(api)
        mails = {str(mail["Subject"]): mail for mail in mails_to(tmp_path, email)}
        subject = "Confirm your email address for {}"
        first_token = token_in(mails[subject.format(first.slug.title())])
        second_token = token_in(mails[subject.format(second.slug.title())])
        assert first_token != second_token
        # A token works only in the tenant that minted it.
        wrong = await call(api, EMAIL_VERIFY, second, token=first_token)
        assert wrong["errors"] == [
            {"code": "VALIDATION", "field": "token", "message": "the link is not valid"}
        ]
        assert (await call(api, EMAIL_VERIFY, first, token=first_token))["done"] is True


async def test_invalid_sign_up_writes_nothing(database: DatabaseTarget, tmp_path: Path) -> None:
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        refused = await call(
            api,
            SIGN_UP,
            tenant,
            email="not-an-email",
            password="short",
            displayName=" ",
            locale="x",
        )
        assert refused == {
            "accepted": False,
            "errors": [
                {"code": "VALIDATION", "field": "email", "message": "give a valid email address"},
                {
                    "code": "VALIDATION",
                    "field": "displayName",
                    "message": "give a name of 1 to 120 characters",
                },
                {
                    "code": "VALIDATION",
                    "field": "locale",
                    "message": "give a language tag such as en or pt-BR",
                },
                {
                    "code": "VALIDATION",
                    "field": "password",
                    "message": "use at least 10 characters",
                },
            ],
        }
        no_tenant = await api.gql(
            SIGN_UP, {"input": {"email": unique_email(), "password": PASSWORD, "displayName": "A"}}
        )
        assert code_of(no_tenant) == "TENANT_NOT_FOUND"
        assert await count_customers(api, tenant.id) == 0
        assert await customer_events(api, tenant.id) == []
        assert await pending_mail_jobs(api, tenant.id) == 0


async def test_a_rolled_back_sign_up_sends_nothing(
    database: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = schedule_customer_mail

    async def schedule_then_fail(*args: Any, **kwargs: Any) -> None:
        await real(*args, **kwargs)
        raise RuntimeError("the database went away before the commit")

    async with storefront(database, tmp_path) as (api, _clock, tenant):
        email = unique_email()
        monkeypatch.setattr("app.identity.customers.schedule_customer_mail", schedule_then_fail)
        body = await api.gql(
            SIGN_UP,
            {"input": {"email": email, "password": PASSWORD, "displayName": "A"}},
            tenant=tenant.slug,
        )
        assert code_of(body) == "INTERNAL"
        monkeypatch.undo()
        await run_jobs(api)
        assert mails_to(tmp_path, email) == []
        assert await count_customers(api, tenant.id) == 0
        assert await customer_events(api, tenant.id) == []
        assert await pending_mail_jobs(api, tenant.id) == 0


async def test_mail_scheduled_before_a_crash_is_sent_by_the_next_process(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    email = unique_email()
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        await sign_up(api, tenant, email)
    # The process stopped after the commit, before any runner ran: the job waits in the table.
    async with storefront(database, tmp_path) as (api, _clock, _other):
        assert await pending_mail_jobs(api, tenant.id) == 1
        await run_jobs(api)
        (verification,) = mails_to(tmp_path, email)
        assert await pending_mail_jobs(api, tenant.id) == 0
        assert (await call(api, EMAIL_VERIFY, tenant, token=token_in(verification)))["done"] is True


async def test_an_unreachable_mail_server_retries_without_leaving_a_token(
    database: DatabaseTarget,
) -> None:
    email = unique_email()
    async with smtp_server() as server:
        down = f"smtp://127.0.0.1:{server.port}?timeout=2"
    async with storefront(database, down) as (api, clock, tenant):
        await sign_up(api, tenant, email)
        await run_jobs(api)  # the server is gone: the job fails and waits for its retry
        assert await pending_mail_jobs(api, tenant.id) == 1
    async with smtp_server() as server, storefront(database, server.url) as (api, clock, _other):
        clock.advance(timedelta(hours=1))
        await run_jobs(api)
        (verification,) = server.to(email)
        token = token_in(verification)
        assert (await call(api, EMAIL_VERIFY, tenant, token=token))["done"] is True
    assert verification["Subject"] == f"Confirm your email address for {tenant.slug.title()}"


async def test_sign_up_mail_through_a_real_smtp_server(database: DatabaseTarget) -> None:
    async with smtp_server() as server, storefront(database, server.url) as (api, _clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email, locale="de-CH")
        await run_jobs(api)
        (message,) = server.to(email)
        assert server.received[-1].mail_from == "no-reply@localhost"
        assert message["Subject"] == f"Bestätigen Sie Ihre E-Mail-Adresse für {tenant.slug.title()}"
        body = message.get_body(("plain",))
        assert body is not None
        assert "Der Link funktioniert einmal und läuft in 48 Stunden ab." in body.get_content()
        assert (await call(api, EMAIL_VERIFY, tenant, token=token_in(message)))["done"] is True


async def test_links_expire_with_the_clock(database: DatabaseTarget, tmp_path: Path) -> None:
    async with storefront(database, tmp_path) as (api, clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email)
        await run_jobs(api)
        verify_token = token_in(mails_to(tmp_path, email)[0])
        await call(api, RESET_REQUEST, tenant, email=email)
        await run_jobs(api)
        reset_token = token_in(mails_to(tmp_path, email)[1])
        clock.advance(timedelta(minutes=60))
        expired = await call(api, RESET, tenant, token=reset_token, password=NEW_PASSWORD)
        assert expired["errors"] == [
            {
                "code": "VALIDATION",
                "field": "token",
                "message": "the link has expired: ask for a new one",
            }
        ]
        clock.advance(timedelta(hours=47))
        assert (await call(api, EMAIL_VERIFY, tenant, token=verify_token))["errors"][0][
            "message"
        ] == ("the link has expired: ask for a new one")
        assert (await login(api, tenant, email))["errors"] == []


async def test_a_weak_password_keeps_the_reset_link_and_a_newer_link_retires_older_ones(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email)
        for _ in range(2):
            await call(api, RESET_REQUEST, tenant, email=email)
        await run_jobs(api)
        _, older, newer = mails_to(tmp_path, email)
        weak = await call(api, RESET, tenant, token=token_in(newer), password="short")
        assert weak["errors"] == [
            {"code": "VALIDATION", "field": "password", "message": "use at least 10 characters"}
        ]
        retired = await call(api, RESET, tenant, token=token_in(older), password=NEW_PASSWORD)
        assert retired["errors"][0]["field"] == "token"
        assert (await call(api, RESET, tenant, token=token_in(newer), password=NEW_PASSWORD))[
            "done"
        ] is True
        # The reset proved the mailbox: the address is verified without the first link.
        token = (await login(api, tenant, email, NEW_PASSWORD))["accessToken"]
        profile = await api.gql(PROFILE, tenant=tenant.slug, token=token)
        assert profile["data"]["myProfile"]["emailVerified"] is True


async def test_a_reset_request_answers_the_same_for_unknown_addresses(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        nobody = unique_email("nobody")
        assert await call(api, RESET_REQUEST, tenant, email=nobody) == {
            "accepted": True,
            "errors": [],
        }
        assert await pending_mail_jobs(api, tenant.id) == 0
        await run_jobs(api)
        assert mails_to(tmp_path, nobody) == []
        malformed = await call(api, RESET_REQUEST, tenant, email="nobody")
        assert malformed["errors"] == [
            {"code": "VALIDATION", "field": "email", "message": "give a valid email address"}
        ]
        forged = await call(api, RESET, tenant, token=uuid.uuid4().hex, password=NEW_PASSWORD)
        assert forged["errors"] == [
            {"code": "VALIDATION", "field": "token", "message": "the link is not valid"}
        ]


async def test_wrong_credentials_look_the_same(database: DatabaseTarget, tmp_path: Path) -> None:
    async with storefront(database, tmp_path) as (api, _clock, tenant):
        email = unique_email()
        await sign_up(api, tenant, email)
        expected = [
            {
                "code": "UNAUTHENTICATED",
                "field": None,
                "message": "the email or the password is wrong",
            }
        ]
        assert (await login(api, tenant, email, "not the password at all"))["errors"] == expected
        assert (await login(api, tenant, unique_email("nobody")))["errors"] == expected
