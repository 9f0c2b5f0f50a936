"""Direct resolvers: the same answers as Strawberry's path, only for the fields they fit."""

from __future__ import annotations

import enum

import strawberry
from graphql import GraphQLObjectType, graphql_sync

from app.graphql.context import Info
from app.graphql.fast_fields import install_fast_fields


@strawberry.enum(description="A case.")
class Case(enum.Enum):
    """A case."""

    UPPER = "upper"
    LOWER = "lower"


@strawberry.type(description="A thing.")
class Thing:
    """A thing."""

    label: str = strawberry.field(description="A plain attribute.")

    @strawberry.field(description="With plain arguments.")
    def greeting(self, name: str | None = None, times: int = 1, loud: bool = False) -> str:
        """Greet."""
        text = f"{self.label} greets {name or 'nobody'}" * times
        return text.upper() if loud else text

    @strawberry.field(description="Asks for info.")
    def field_name(self, info: Info) -> str:
        """Return the field's name as GraphQL knows it."""
        return f"{info.field_name}:{self.label}"

    @strawberry.field(description="An enum argument: keeps Strawberry's path.")
    def cased(self, case: Case) -> str:
        """Convert the label."""
        return self.label.upper() if case is Case.UPPER else self.label.lower()

    @strawberry.field(description="Async: keeps Strawberry's path.")
    async def later(self) -> str:
        """Return the label."""
        return self.label

    @strawberry.field(description="A static resolver.")
    @staticmethod
    def constant(value: strawberry.ID) -> str:
        """Echo."""
        return f"id {value}"


@strawberry.type(description="Root.")
class Query:
    """Root."""

    @strawberry.field(description="One thing.")
    def thing(self) -> Thing:
        """Return a thing."""
        return Thing(label="Ada")


DOCUMENT = """
{
  thing {
    label
    greeting(name: "Bob", times: 2)
    plain: greeting
    loud: greeting(loud: true)
    fieldName
    cased(case: UPPER)
    constant(value: "7")
  }
}
"""


def _answer(fast: bool) -> object:
    schema = strawberry.Schema(query=Query)
    if fast:
        installed = install_fast_fields(schema._schema, schema.config)
        assert installed == 4
    return graphql_sync(schema._schema, DOCUMENT).data


def test_direct_resolvers_answer_exactly_as_strawberry_does() -> None:
    assert _answer(fast=True) == _answer(fast=False)
    assert _answer(fast=True) == {
        "thing": {
            "label": "Ada",
            "greeting": "Ada greets BobAda greets Bob",
            "plain": "Ada greets nobody",
            "loud": "ADA GREETS NOBODY",
            "fieldName": "fieldName:Ada",
            "cased": "ADA",
            "constant": "id 7",
        }
    }


def test_only_sync_fields_with_plain_arguments_are_replaced() -> None:
    schema = strawberry.Schema(query=Query)
    thing = schema._schema.type_map["Thing"]
    assert isinstance(thing, GraphQLObjectType)
    before = {name: field.resolve for name, field in thing.fields.items()}

    install_fast_fields(schema._schema, schema.config)

    changed = {name for name, field in thing.fields.items() if field.resolve is not before[name]}
    assert changed == {"greeting", "fieldName", "constant"}
