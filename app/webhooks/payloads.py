"""Payload queries: a GraphQL query an endpoint stores, whose result goes with each delivery.

The envelope says what happened; the query fetches what the receiver needs with it (the post's
title and author, the order's lines), so it need not call back. The query runs when the
delivery is sent, against the composed schema, as a :class:`WebhookPrincipal` holding only the
endpoint's ``payload_permissions`` (each held by whoever set it: an endpoint reaches no
further than its creator), in the event's tenant, with these variables (declare the ones it
uses; any other variable is refused when the query is stored):

- ``$eventId: ID``, ``$eventType: String``, ``$aggregateType: String``, ``$aggregateId: ID``.

The delivery's body is the envelope plus ``data`` (the query's result) and, when the query
failed in part or whole (an aggregate deleted meanwhile, a permission removed), ``errors``, as
in any GraphQL response: the event is still delivered. Queries are checked when stored: they
must parse and validate, be one ``query`` operation, stay under the cost limit, and need no
permission outside ``payload_permissions``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    ListTypeNode,
    NonNullTypeNode,
    OperationType,
    TypeNode,
    VariableDefinitionNode,
)

from app.auth.principal import WebhookPrincipal
from app.errors import ErrorCode, FieldProblem, RequestRefused
from app.graphql.execution import RequestError, refusal
from app.runtime import Context, Runtime
from app.tenants.directory import ActiveTenant

__all__ = ["MAX_QUERY_LENGTH", "VARIABLES", "PayloadShape", "query_problems", "shaped_body"]

MAX_QUERY_LENGTH = 10_000
VARIABLES = {"eventId": "ID", "eventType": "String", "aggregateType": "String", "aggregateId": "ID"}
_FIELD = "payloadQuery"


@dataclass(frozen=True, slots=True)
class PayloadShape:
    """What shaping one delivery takes: the query, who runs it, in which tenant."""

    query: str
    principal: WebhookPrincipal
    tenant_slug: str


def _problem(message: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, _FIELD)


def _type_name(node: TypeNode) -> str | None:
    inner = node.type if isinstance(node, NonNullTypeNode) else node
    if isinstance(inner, ListTypeNode | NonNullTypeNode):
        return None
    return str(inner.name.value)  # type: ignore[attr-defined]


def query_problems(
    ctx: Context, tenant: ActiveTenant, query: str, permissions: Sequence[str]
) -> list[FieldProblem]:
    """Return why ``query`` cannot shape this tenant's payloads with ``permissions``, if so."""
    engine = ctx.runtime.graphql
    if engine is None or len(query) > MAX_QUERY_LENGTH:
        why = (
            f"give a query of up to {MAX_QUERY_LENGTH} characters"
            if engine
            else "payload queries are set through the API (this process has no schema)"
        )
        return [_problem(why)]
    try:
        prepared = engine.prepare(query, None)
        engine.check_cost(prepared, _sample_variables())
    except RequestError as error:
        return [_problem("; ".join(str(item["message"]) for item in error.errors)[:500])]
    if prepared.operation.operation is not OperationType.QUERY:
        return [_problem("a payload query reads: give a `query` operation")]
    problem = _variable_problem(prepared.operation.variable_definitions or ())
    if problem is not None:
        return [problem]
    principal = WebhookPrincipal(uuid.UUID(int=0), tenant.id, frozenset(permissions))
    try:
        engine.schema.policy.enforce(prepared.requirements, principal, tenant)
    except RequestRefused as error:
        return [_problem(f"{error.message}: add it to payloadPermissions")]
    return []


def _variable_problem(definitions: Sequence[VariableDefinitionNode]) -> FieldProblem | None:
    for definition in definitions:
        name = definition.variable.name.value
        wanted = VARIABLES.get(name)
        if wanted is None or _type_name(definition.type) != wanted:
            offered = ", ".join(f"${key}: {kind}" for key, kind in VARIABLES.items())
            return _problem(f"${name} is not a payload variable; they are {offered}")
    return None


def _sample_variables() -> dict[str, str]:
    return {name: "" for name in VARIABLES}


async def shaped_body(
    runtime: Runtime, shape: PayloadShape, envelope: dict[str, Any]
) -> dict[str, Any]:
    """Return ``envelope`` with the payload query's ``data`` (and ``errors``, if any)."""
    body = dict(envelope)
    engine = runtime.graphql
    tenant = await runtime.tenants.find_active(shape.tenant_slug)
    if engine is None or tenant is None:
        why = "the tenant is not active" if engine else "this process has no GraphQL schema"
        body["data"], body["errors"] = None, [_error(f"the payload query did not run: {why}")]
        return body
    variables = {
        "eventId": envelope["id"],
        "eventType": envelope["type"],
        "aggregateType": envelope["aggregate_type"],
        "aggregateId": envelope["aggregate_id"],
    }
    try:
        prepared = engine.prepare(shape.query, None)
        engine.schema.policy.enforce(prepared.requirements, shape.principal, tenant)
    except RequestError as error:
        body["data"], body["errors"] = None, error.errors
        return body
    except RequestRefused as error:
        body["data"], body["errors"] = None, [refusal(error)]
        return body
    context = Context(runtime=runtime, principal=shape.principal, tenant=tenant)
    result = await engine.execute(prepared, context, variables)
    body["data"] = result.data
    if result.errors:
        body["errors"] = [engine.format_error(error) for error in result.errors]
    return body


def _error(message: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": ErrorCode.BAD_REQUEST.value}}
