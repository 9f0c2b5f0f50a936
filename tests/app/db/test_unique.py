"""A unique index refusing a write that raced past a service's check is CONFLICT, not INTERNAL."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError

from app.db.unique import unique_violation
from app.ids import new_id
from tests.app.identity.people import person
from tests.fixtures.widgets.models import WidgetRow
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app

RACERS = 8
CREATE = "mutation ($n: String!) { widgetCreate(name: $n) { errors { code field } } }"


async def test_the_database_refusal_names_the_field_its_index_covers(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        db = api.state.runtime.db
        row = {"tenant_id": tenant.id, "name": "twin", "created_at": clock.now()}
        async with db.transaction(tenant.id) as session:
            session.add(WidgetRow(id=new_id(), **row))
        with pytest.raises(IntegrityError) as refused:
            async with db.transaction(tenant.id) as session:
                session.add(WidgetRow(id=new_id(), **row))

    violation = unique_violation(refused.value)
    assert violation is not None
    assert violation.field == "name"


async def test_other_integrity_errors_are_not_taken_for_conflicts(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        with pytest.raises(IntegrityError) as refused:
            async with api.state.runtime.db.transaction(tenant.id) as session:
                session.add(WidgetRow(id=new_id(), tenant_id=tenant.id, name=None))

    assert unique_violation(refused.value) is None


async def test_concurrent_creates_of_one_name_give_one_widget_and_conflicts(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        owner = await person(api, tenant, "owner")

        answers = await asyncio.gather(
            *(
                api.gql(CREATE, {"n": "contested"}, tenant=tenant.slug, token=owner.token)
                for _ in range(RACERS)
            )
        )

    created = [body for body in answers if body.get("data", {}) == {"widgetCreate": {"errors": []}}]
    codes = sorted(_code(body) for body in answers if body not in created)
    assert len(created) == 1, answers
    # Checked in the service (a payload error) or refused by the index (a top-level error):
    # either way CONFLICT at `name`, never INTERNAL.
    assert codes == [("CONFLICT", "name")] * (RACERS - 1), answers


def _code(body: dict[str, object]) -> tuple[str, str]:
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        extensions = errors[0]["extensions"]
        return extensions["code"], extensions.get("field", "")
    data = body["data"]
    assert isinstance(data, dict)
    [problem] = data["widgetCreate"]["errors"]
    return problem["code"], problem["field"]
