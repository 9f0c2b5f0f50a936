"""Generated module declarations, to measure how start-up scales with the number of modules.

Each generated module ``genNN`` declares two permissions, a per-tenant settings model, an
object type and a Query type of three described fields: one public, two guarded. No
``from __future__ import annotations`` here: Strawberry must see the resolvers' real types.
"""

from typing import Annotated

import strawberry
from pydantic import BaseModel, Field, create_model

from app.graphql.directives import guarded, public
from app.registry import GraphQLContribution, Module, Permission

__all__ = ["make_module", "make_modules"]

First = Annotated[int, strawberry.argument(description="How many items to return.")]


def make_modules(count: int) -> list[Module]:
    """Return ``count`` independent generated modules, ``gen00`` to ``gen<count-1>``."""
    return [make_module(index) for index in range(count)]


def make_module(index: int) -> Module:
    """Return the generated module number ``index``."""
    name = f"gen{index:02d}"
    view = Permission(f"{name}.view_items", f"See the items of {name}.")
    manage = Permission(f"{name}.manage_items", f"Change the items of {name}.")
    item = _item_type(name)
    return Module(
        name=name,
        version="1.0.0",
        description=f"Generated module {index} (benchmark only).",
        permissions=(view, manage),
        graphql=GraphQLContribution(query=_query_type(name, item, view)),
        settings=_settings_model(name),
    )


def _settings_model(name: str) -> type[BaseModel]:
    return create_model(
        f"{name.title()}Settings",
        label=(str, Field(default=name, min_length=1, max_length=40)),
        page_size=(int, Field(default=20, ge=1, le=100)),
    )


def _item_type(name: str) -> type:
    namespace = {
        "__annotations__": {"name": str, "rank": int, "note": str | None},
        "name": strawberry.field(description="The item's name."),
        "rank": strawberry.field(description="The item's position, from 0."),
        "note": strawberry.field(default=None, description="A free note, if any."),
    }
    item: type = strawberry.type(
        type(f"{name.title()}Item", (), namespace), description=f"An item of {name}."
    )
    return item


def _query_type(name: str, item: type, view: Permission) -> type:
    def label() -> str:
        return f"Module {name}"

    def count() -> int:
        return 3

    def items(first: First = 3) -> list[object]:
        return [item(name=f"item{rank}", rank=rank) for rank in range(min(first, 100))]

    namespace = {
        f"{name}_label": strawberry.field(
            resolver=label, description=f"The label of {name}.", directives=public()
        ),
        f"{name}_count": strawberry.field(
            resolver=count, description=f"How many items {name} has.", directives=guarded(view)
        ),
        f"{name}_items": strawberry.field(
            resolver=items,
            graphql_type=list[item],  # type: ignore[valid-type]
            description=f"The items of {name}.",
            directives=guarded(view),
        ),
    }
    query: type = strawberry.type(
        type(f"{name.title()}Query", (), namespace), description=f"Reads of {name}."
    )
    return query
