"""Validate a JSON body on write, reporting every problem by its path (``body.3.level``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NoReturn

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails

from app.errors import ErrorCode, FieldProblem, ValidationFailed

from .blocks import Block, Body
from .limits import MAX_BLOCK_TEXT, MAX_BLOCKS, MAX_TOTAL_TEXT
from .text import block_text_length

__all__ = ["parse_body"]

_BLOCK: TypeAdapter[Block] = TypeAdapter(Block)
_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this block type",
    "union_tag_not_found": "a block needs a `type`",
    "union_tag_invalid": "is not a block type; use paragraph, heading, list, quote, code, image, "
    "embed or divider",
    "model_attributes_type": "a block must be an object",
}


def parse_body(raw: object, *, field: str = "body") -> Body:
    """Validate a JSON value (a list of block objects) and return it as a sanitized body.

    Args:
        raw: The decoded JSON value, e.g. a GraphQL ``JSON`` argument.
        field: The input field the body came from; the first part of every problem's path.

    Returns:
        The blocks, their inline text already sanitized.

    Raises:
        ValidationFailed: With one problem per fault, each naming its path (``body.3.level``).
    """
    if not isinstance(raw, list | tuple):
        _fail([_problem(field, "must be a list of blocks")])
    if len(raw) > MAX_BLOCKS:
        _fail([_problem(field, f"has {len(raw)} blocks; at most {MAX_BLOCKS} are allowed")])
    blocks: dict[int, Block] = {}
    problems: list[FieldProblem] = []
    for index, item in enumerate(raw):
        try:
            blocks[index] = _BLOCK.validate_python(item)
        except PydanticValidationError as error:
            problems.extend(_problems_of(error, f"{field}.{index}"))
    problems.extend(_length_problems(blocks, field))
    if problems:
        _fail(problems)
    return tuple(blocks.values())


def _length_problems(blocks: Mapping[int, Block], field: str) -> Iterator[FieldProblem]:
    """Yield the blocks, then the body, that hold too much text (valid blocks only)."""
    lengths = {index: block_text_length(block) for index, block in blocks.items()}
    for index, length in lengths.items():
        if length > MAX_BLOCK_TEXT:
            message = f"has {length} characters of text; at most {MAX_BLOCK_TEXT} are allowed"
            yield _problem(f"{field}.{index}", message)
    total = sum(lengths.values())
    if total > MAX_TOTAL_TEXT:
        yield _problem(field, f"has {total} characters of text; at most {MAX_TOTAL_TEXT} allowed")


def _problems_of(error: PydanticValidationError, path: str) -> Iterator[FieldProblem]:
    for detail in error.errors(include_url=False):
        yield _problem(_join(path, detail), _message(detail))


def _message(detail: ErrorDetails) -> str:
    limit = detail.get("ctx", {}).get("max_length")
    if detail["type"] == "string_too_long":
        return f"must be at most {limit} characters long"
    return _MESSAGES.get(detail["type"], detail["msg"])


def _join(path: str, detail: ErrorDetails) -> str:
    # A discriminated union puts the tag first in the location; the path names fields only.
    location = [str(part) for part in detail["loc"][1:]]
    return ".".join([path, *location])


def _problem(field: str, message: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _fail(problems: Sequence[FieldProblem]) -> NoReturn:
    first = problems[0]
    summary = first.message if len(problems) == 1 else f"{len(problems)} problems in the body"
    raise ValidationFailed(summary, field=first.field, problems=problems)
