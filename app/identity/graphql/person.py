"""The ``Person`` type: who wrote, uploaded or changed something, for any module to show.

A module keeps ``(kind, id)`` on its rows and resolves a field of type ``Person`` with
:func:`find_person`; the request's loader reads every person of a response in one query per kind.
"""

from __future__ import annotations

import enum
import uuid

import strawberry
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.identity.people import PersonCard, PersonKind, PersonRef, load_people
from app.ids import encode_global_id
from app.runtime import Context

__all__ = ["Person", "PersonType", "find_person"]

_NODE_TYPES = {
    PersonKind.USER: "User",
    PersonKind.CUSTOMER: "Customer",
    PersonKind.API_KEY: "ApiKey",
}


@strawberry.enum(name="PersonKind", description="What sort of principal a person is.")
class PersonType(enum.Enum):
    """GraphQL view of :class:`app.identity.people.PersonKind`."""

    USER = strawberry.enum_value("user", description="A staff user.")
    CUSTOMER = strawberry.enum_value("customer", description="A storefront customer.")
    API_KEY = strawberry.enum_value("apikey", description="An application's API key.")
    SYSTEM = strawberry.enum_value("system", description="The platform itself (jobs, the CLI).")


@strawberry.type(description="Someone who did something, as shown to others: never an email.")
class Person:
    """A person's public card."""

    id: strawberry.ID | None = strawberry.field(
        description="The global ID of the user, customer or API key; null for the system."
    )
    kind: PersonType = strawberry.field(description="What sort of principal this is.")
    display_name: str = strawberry.field(description="The name to show.")

    @classmethod
    def of(cls, card: PersonCard) -> Person:
        """Build from a card."""
        node_type = _NODE_TYPES.get(card.kind)
        return cls(
            id=(
                strawberry.ID(encode_global_id(node_type, card.id))
                if node_type is not None and card.id is not None
                else None
            ),
            kind=PersonType(card.kind.value),
            display_name=card.display_name,
        )


def _people(ctx: Context) -> DataLoader[PersonRef, PersonCard | None]:
    async def load(refs: list[PersonRef]) -> list[PersonCard | None]:
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await load_people(session, tenant_id, refs)

    return request_loader(ctx, "core.people", load)


async def find_person(ctx: Context, kind: str, person_id: uuid.UUID | None) -> Person | None:
    """Return the person a row's ``(kind, id)`` names, or None when unknown or gone."""
    ref = PersonRef.parse(kind, person_id)
    if ref is None:
        return None
    card = await _people(ctx).load(ref)
    return Person.of(card) if card is not None else None
