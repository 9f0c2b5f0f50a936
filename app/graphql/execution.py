"""Executing GraphQL: cached parse, validation, limits and access requirements per document.

Strawberry defines the schema; graphql-core runs it. Everything that depends only on the
document text (parsing, validation, depth/alias limits, the cost plan, what the operation
needs) is computed once and cached, so a repeated query costs only its resolvers and a few
multiplications for its cost. Outside debug, messages carry no "Did you mean ...?" hints
(they would map the schema for whoever probes it).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    Visitor,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    subscribe,
    validate,
    visit,
)
from graphql.pyutils import is_awaitable
from sqlalchemy.exc import DBAPIError

from app.auth.policy import Requirements
from app.config import Settings
from app.db.unique import UniqueViolation, unique_violation
from app.errors import BadRequest, ErrorCode, RequestRefused, RustokError
from app.graphql.cost import CostAnalyzer, OperationCost
from app.graphql.limits import check_limits
from app.graphql.schema import ComposedSchema
from app.ratelimit.attempts import TooManyAttempts
from app.runtime import Context

__all__ = ["NUL_MESSAGE", "GraphQLEngine", "PreparedOperation", "RequestError"]

logger = logging.getLogger(__name__)

CACHE_SIZE = 1024
NUL_MESSAGE = "strings must not contain NUL (\\u0000) characters"
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class RequestError(Exception):
    """The document cannot run at all (syntax, validation, limits): an HTTP 400."""

    def __init__(
        self, errors: list[dict[str, Any]], extensions: dict[str, Any] | None = None
    ) -> None:
        super().__init__(errors[0]["message"] if errors else "bad request")
        self.errors = errors
        self.extensions = extensions


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    """A parsed, validated, measured operation and what it needs."""

    document: DocumentNode
    operation: OperationDefinitionNode
    requirements: Requirements
    cost: OperationCost

    @property
    def is_mutation(self) -> bool:
        """Return whether the operation writes."""
        return self.operation.operation is OperationType.MUTATION

    @property
    def root_field(self) -> str | None:
        """Return the response name of the operation's first root field (for error paths)."""
        for selection in self.operation.selection_set.selections:
            if isinstance(selection, FieldNode):
                return selection.alias.value if selection.alias else selection.name.value
        return None

    @property
    def is_subscription(self) -> bool:
        """Return whether the operation is a live stream (served over WebSocket only)."""
        return self.operation.operation is OperationType.SUBSCRIPTION


def _bad_request(message: str, error: GraphQLError | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"message": message, "extensions": {"code": "BAD_REQUEST"}}
    if error is not None and error.locations:
        entry["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    return entry


def without_suggestions(message: str) -> str:
    """Return ``message`` without graphql-core's "Did you mean ...?" hints."""
    return _SUGGESTION.sub("", message)


class _NulFinder(Visitor):
    found = False

    def enter_string_value(self, node: StringValueNode, *_args: object) -> None:
        if "\x00" in node.value:
            self.found = True


def _has_nul(document: DocumentNode) -> bool:
    finder = _NulFinder()
    visit(document, finder)
    return finder.found


class GraphQLEngine:
    """Prepares and runs operations against one composed schema."""

    def __init__(self, schema: ComposedSchema, settings: Settings) -> None:
        self.schema = schema
        self._settings = settings
        self._rules = list(specified_rules)
        if not settings.is_introspection_enabled:
            self._rules.append(NoSchemaIntrospectionCustomRule)
        self._costs = CostAnalyzer(schema.graphql_schema, max_page_size=settings.max_page_size)
        self._cache: OrderedDict[tuple[str, str | None], PreparedOperation] = OrderedDict()

    def prepare(self, query: str, operation_name: str | None) -> PreparedOperation:
        """Return the prepared operation, from the cache when the document was seen before.

        Raises:
            RequestError: the document is malformed, invalid or over a limit.
        """
        key = (query, operation_name)
        prepared = self._cache.get(key)
        if prepared is not None:
            self._cache.move_to_end(key)
            return prepared
        prepared = self._prepare(query, operation_name)
        self._cache[key] = prepared
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return prepared

    def _prepare(self, query: str, operation_name: str | None) -> PreparedOperation:
        try:
            document = parse(query, max_tokens=self._settings.max_query_tokens)
        except GraphQLError as error:
            raise RequestError([_bad_request(error.message, error)]) from None
        errors = validate(self.schema.graphql_schema, document, self._rules, max_errors=20)
        if errors:
            raise RequestError([_bad_request(self._message(error), error) for error in errors])
        if _has_nul(document):
            raise RequestError([_bad_request(NUL_MESSAGE)])
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            message = (
                f"no operation named {operation_name!r}"
                if operation_name
                else "the document has several operations: name one with operationName"
            )
            raise RequestError([_bad_request(message)])
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        try:
            check_limits(
                operation,
                fragments,
                max_depth=self._settings.max_query_depth,
                max_aliases=self._settings.max_query_aliases,
            )
        except BadRequest as error:
            raise RequestError([_bad_request(error.message)]) from None
        requirements = self.schema.policy.requirements(operation, fragments)
        return PreparedOperation(
            document=document,
            operation=operation,
            requirements=requirements,
            cost=self._costs.plan(operation, fragments),
        )

    def _message(self, error: GraphQLError) -> str:
        return error.message if self._settings.debug else without_suggestions(error.message)

    def check_cost(self, prepared: PreparedOperation, variables: Mapping[str, Any] | None) -> int:
        """Return the operation's cost for ``variables``.

        Raises:
            RequestError: the cost is over ``RUSTOK_MAX_QUERY_COST``.
        """
        requested = prepared.cost.evaluate(variables)
        limit = self._settings.max_query_cost
        if requested > limit:
            message = (
                f"the query costs {requested}; the limit is {limit} (ask for smaller pages: "
                "`first`/`last` multiply the cost of what they select)"
            )
            extensions = {"cost": {"requested": requested, "limit": limit}}
            raise RequestError([_bad_request(message)], extensions)
        return requested

    async def execute(
        self,
        prepared: PreparedOperation,
        context: Context,
        variables: Mapping[str, Any] | None,
    ) -> ExecutionResult:
        """Run a prepared operation for ``context`` (access already enforced)."""
        result = execute(
            self.schema.graphql_schema,
            prepared.document,
            context_value=context,
            variable_values=dict(variables) if variables else None,
            operation_name=prepared.operation.name.value if prepared.operation.name else None,
        )
        if is_awaitable(result):
            result = await result
        return result  # type: ignore[return-value]

    async def subscribe(
        self,
        prepared: PreparedOperation,
        context: Context,
        variables: Mapping[str, Any] | None,
    ) -> AsyncIterator[ExecutionResult] | ExecutionResult:
        """Start a prepared subscription for ``context`` (access already enforced).

        Returns the stream of results, or one result holding the errors that kept it from
        starting (a bad argument, a refusal raised by the field).
        """
        result = subscribe(
            self.schema.graphql_schema,
            prepared.document,
            context_value=context,
            variable_values=dict(variables) if variables else None,
            operation_name=prepared.operation.name.value if prepared.operation.name else None,
        )
        if is_awaitable(result):
            result = await result
        return result  # type: ignore[return-value]

    def format_error(self, error: GraphQLError) -> dict[str, Any]:
        """Return the error as the client sees it; unexpected errors are logged and masked."""
        entry: dict[str, Any] = {"message": self._message(error)}
        if error.locations:
            entry["locations"] = [
                {"line": loc.line, "column": loc.column} for loc in error.locations
            ]
        if error.path:
            entry["path"] = list(error.path)
        original = error.original_error
        if original is None or not error.path:
            # Raised while coercing variables or arguments, before any resolver ran.
            entry["extensions"] = {"code": ErrorCode.BAD_REQUEST.value}
        elif isinstance(original, RustokError):
            entry["message"] = original.message
            entry["extensions"] = {"code": original.code.value}
            if original.field is not None:
                entry["extensions"]["field"] = original.field
            if isinstance(original, TooManyAttempts):
                entry["extensions"]["retryAfter"] = original.retry_after
        elif _is_data_exception(original):
            entry.update(self._data_exception(original))
        elif (violation := unique_violation(original)) is not None:
            # Logged all the same: a service that forgot its own uniqueness check shows here.
            logger.warning(
                "a unique index refused a write (%s)", violation.field, exc_info=original
            )
            entry.update(_conflict(violation))
        else:
            entry.update(self.mask(original))
        return entry

    def _data_exception(self, error: BaseException) -> dict[str, Any]:
        # The database refused a value (too long for its column, out of range): the input's
        # fault, though a service should have caught it first; logged to find which.
        error_id = uuid.uuid4().hex
        logger.warning("value refused by the database %s", error_id, exc_info=error)
        return {
            "message": "a value does not fit where it is stored (too long or out of range)",
            "extensions": {"code": ErrorCode.BAD_REQUEST.value, "id": error_id},
        }

    def mask(self, error: BaseException) -> dict[str, Any]:
        """Log an unexpected exception with an id; return what the client may see of it."""
        error_id = uuid.uuid4().hex
        logger.error("unexpected error %s", error_id, exc_info=error, extra={"error_id": error_id})
        message = f"internal error (id {error_id})"
        if self._settings.debug:
            message += f": {type(error).__name__}: {error}"
        return {
            "message": message,
            "extensions": {"code": ErrorCode.INTERNAL.value, "id": error_id},
        }


def _conflict(violation: UniqueViolation) -> dict[str, Any]:
    # Two writes raced past a service's uniqueness check; the database kept the first.
    shown = f"this {violation.field}" if violation.field else "this value"
    extensions: dict[str, Any] = {"code": ErrorCode.CONFLICT.value}
    if violation.field is not None:
        extensions["field"] = violation.field
    return {
        "message": f"{shown} was taken by another write a moment ago: choose another",
        "extensions": extensions,
    }


def _is_data_exception(error: BaseException) -> bool:
    """Return whether PostgreSQL refused a value (SQLSTATE class 22, data exception)."""
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    return isinstance(state, str) and state.startswith("22")


def refusal(error: RequestRefused) -> dict[str, Any]:
    """Return a top-level refusal as a GraphQL error entry."""
    return {"message": error.message, "extensions": {"code": error.code.value}}
