"""Custom headers an endpoint sends with every delivery (a receiver's token, a routing key).

Refused: hop-by-hop headers and those the sender owns (``Host``, ``Content-Length``,
``Content-Type``, every ``webhook-*``), names that are not HTTP tokens, values with control
characters (CR/LF would split the request).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.errors import ErrorCode, FieldProblem

__all__ = ["MAX_HEADERS", "CustomHeader", "header_problems"]

MAX_HEADERS = 20
_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")
_VALUE = re.compile(r"^[\x20-\x7e\t]{0,1000}$")
_RESERVED = frozenset(
    {
        # Hop-by-hop (RFC 9110 7.6.1) and proxy headers.
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        # The sender's own.
        "host",
        "content-length",
        "content-type",
        "content-encoding",
        "expect",
    }
)
_RESERVED_PREFIX = "webhook-"


@dataclass(frozen=True, slots=True)
class CustomHeader:
    """One header to send: its name and value."""

    name: str
    value: str


def _name_problem(name: str, seen: set[str]) -> str | None:
    lowered = name.lower()
    if not _NAME.match(name):
        return f"{name[:100]!r} is not a header name (letters, digits and -, up to 100)"
    if lowered in _RESERVED or lowered.startswith(_RESERVED_PREFIX):
        return f"{name} is set by the sender or is hop-by-hop; choose another header"
    if lowered in seen:
        return f"{name} is given twice"
    return None


def header_problems(headers: Sequence[CustomHeader], field: str = "headers") -> list[FieldProblem]:
    """Return a problem at ``<field>.<i>.name`` or ``.value`` for each header refused."""
    if len(headers) > MAX_HEADERS:
        return [FieldProblem(ErrorCode.VALIDATION, f"give at most {MAX_HEADERS} headers", field)]
    problems = []
    seen: set[str] = set()
    for index, header in enumerate(headers):
        message = _name_problem(header.name, seen)
        seen.add(header.name.lower())
        if message is not None:
            problems.append(FieldProblem(ErrorCode.VALIDATION, message, f"{field}.{index}.name"))
        if not _VALUE.match(header.value):
            problems.append(
                FieldProblem(
                    ErrorCode.VALIDATION,
                    "give a value of printable characters on one line, up to 1000",
                    f"{field}.{index}.value",
                )
            )
    return problems
