"""The schema walker of the cross-tenant test on shapes the product does not have yet.

Modules will bring ID lists, nested input lists, enums, recursive inputs and scalars of their
own; the walker must find every ID slot in them and generate arguments that parse.
"""

from __future__ import annotations

from graphql import GraphQLScalarType, GraphQLSchema, build_schema, validate
from graphql.language import parse

from tests.support.schema_walk import (
    RootField,
    argument_values,
    document,
    id_slots,
    root_fields,
    selection,
    text_slots,
)

SDL = """
enum Color { RED GREEN }
scalar Slug
input Line { sku: String! productIds: [ID!]! quantity: Int }
input OrderInput {
  customerId: ID
  lines: [Line!]!
  color: Color!
  slug: Slug!
  note: String
  parent: OrderInput
}
type Line2 { sku: String! }
type Order { id: ID! lines(first: Int): [Line2!]! customer(id: ID!): Order }
type Query {
  order(id: ID!): Order
  orders(first: Int, after: String, authorId: String, search: String): [Order!]!
}
type Mutation { orderCreate(input: OrderInput!): Order }
"""


def _schema() -> GraphQLSchema:
    return build_schema(SDL)


def _root(schema: GraphQLSchema, name: str) -> RootField:
    return next(root for root in root_fields(schema) if root.name == name)


def test_id_slots_are_found_at_any_depth_once_per_input_type() -> None:
    create = _root(_schema(), "orderCreate")

    slots = [(s.label, s.kind, s.required, sorted(s.words)) for s in id_slots(create)]

    assert slots == [
        ("input.customerId", "id", False, ["customer"]),
        ("input.lines.productIds", "id", True, ["product"]),
    ]


def test_string_arguments_are_id_slots_when_named_for_an_id_else_text() -> None:
    orders = _root(_schema(), "orders")

    assert [(s.label, s.kind) for s in id_slots(orders)] == [("authorId", "string")]
    assert [s.label for s in text_slots(orders)] == ["search"]


def test_arguments_fill_what_is_required_and_what_leads_to_a_slot() -> None:
    schema = _schema()
    slug = schema.type_map["Slug"]
    assert isinstance(slug, GraphQLScalarType)
    slug.parse_value = _slug  # type: ignore[method-assign]
    create = _root(schema, "orderCreate")

    plain = argument_values(create, {})
    aimed = argument_values(
        create, {("input", "customerId"): "C", ("input", "lines", "productIds"): "P"}
    )

    assert plain == {
        "input": {
            "lines": [{"sku": "probe", "productIds": ["probe"]}],
            "color": "RED",
            "slug": 1,
        }
    }
    assert aimed == {
        "input": {
            "customerId": "C",
            "lines": [{"sku": "probe", "productIds": ["P"]}],
            "color": "RED",
            "slug": 1,
        }
    }


def test_documents_are_valid_with_selections_to_a_bounded_depth() -> None:
    schema = _schema()
    order = _root(schema, "order")

    query = document(order, argument_values(order, {}), selection(schema, order.field, _all))

    assert query == (
        "query ($id: ID!) { order(id: $id) { __typename id lines(first: 100) { __typename sku } } }"
    )
    assert validate(schema, parse(query)) == []


def _all(_access: object) -> bool:
    return True


def _slug(value: object) -> object:
    if not isinstance(value, int):
        raise TypeError("slugs are numbered here")
    return value
