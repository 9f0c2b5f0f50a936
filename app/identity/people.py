"""People: who wrote, uploaded or changed something, as a name to show.

Rows across modules record who acted as a principal reference ``(kind, id)`` — the shape of the
envelope's actor (``user``, ``customer``, ``apikey``, ``system``). :func:`load_people` turns a
batch of references into :class:`PersonCard` values with one query per kind, for the GraphQL
``Person`` type and anything else that shows a byline. Only names leave here: never an email.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import (
    ApiKeyPrincipal,
    CustomerPrincipal,
    Principal,
    UserPrincipal,
)
from app.identity.customer_models import CustomerRow
from app.identity.models import ApiKeyRow, UserRow

__all__ = ["PersonCard", "PersonKind", "PersonRef", "load_people", "reference_of"]


class PersonKind(enum.Enum):
    """What sort of principal acted (the stored ``*_kind`` column's values)."""

    USER = "user"
    CUSTOMER = "customer"
    API_KEY = "apikey"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A stored principal reference; ``id`` is None for the system."""

    kind: PersonKind
    id: uuid.UUID | None

    @classmethod
    def parse(cls, kind: str, person_id: uuid.UUID | None) -> PersonRef | None:
        """Return the reference a row stores, or None when its kind is unknown."""
        try:
            found = PersonKind(kind)
        except ValueError:
            return None
        if found is not PersonKind.SYSTEM and person_id is None:
            return None
        return cls(found, person_id if found is not PersonKind.SYSTEM else None)


@dataclass(frozen=True, slots=True)
class PersonCard:
    """A person as shown to others: kind, id and display name."""

    kind: PersonKind
    id: uuid.UUID | None
    display_name: str


SYSTEM_CARD = PersonCard(PersonKind.SYSTEM, None, "System")


def reference_of(principal: Principal) -> PersonRef:
    """Return how a row records ``principal`` as its author (anonymous counts as the system)."""
    if isinstance(principal, UserPrincipal):
        return PersonRef(PersonKind.USER, principal.user_id)
    if isinstance(principal, CustomerPrincipal):
        return PersonRef(PersonKind.CUSTOMER, principal.customer_id)
    if isinstance(principal, ApiKeyPrincipal):
        return PersonRef(PersonKind.API_KEY, principal.key_id)
    return PersonRef(PersonKind.SYSTEM, None)


async def load_people(
    session: AsyncSession, tenant_id: uuid.UUID, refs: Sequence[PersonRef]
) -> list[PersonCard | None]:
    """Return one card per reference, in order; None where the person is gone.

    Users are global; customers and API keys are looked up in ``tenant_id`` only, so a reference
    never names somebody of another tenant.
    """
    names: dict[PersonRef, str] = {}
    for kind, loaded in (
        (PersonKind.USER, _user_names(session, _ids(refs, PersonKind.USER))),
        (PersonKind.CUSTOMER, _customer_names(session, tenant_id, _ids(refs, PersonKind.CUSTOMER))),
        (PersonKind.API_KEY, _key_names(session, tenant_id, _ids(refs, PersonKind.API_KEY))),
    ):
        names.update({PersonRef(kind, key): name for key, name in (await loaded).items()})
    return [_card(ref, names) for ref in refs]


def _card(ref: PersonRef, names: dict[PersonRef, str]) -> PersonCard | None:
    if ref.kind is PersonKind.SYSTEM:
        return SYSTEM_CARD
    name = names.get(ref)
    return PersonCard(ref.kind, ref.id, name) if name is not None else None


def _ids(refs: Iterable[PersonRef], kind: PersonKind) -> list[uuid.UUID]:
    return sorted({ref.id for ref in refs if ref.kind is kind and ref.id is not None})


async def _user_names(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(ids))
    )
    return {row.id: row.display_name for row in rows}


async def _customer_names(
    session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(CustomerRow.id, CustomerRow.display_name).where(
            CustomerRow.tenant_id == tenant_id, CustomerRow.id.in_(ids)
        )
    )
    return {row.id: row.display_name for row in rows}


async def _key_names(
    session: AsyncSession, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(ApiKeyRow.id, ApiKeyRow.name).where(
            ApiKeyRow.tenant_id == tenant_id, ApiKeyRow.id.in_(ids)
        )
    )
    return {row.id: row.name for row in rows}
