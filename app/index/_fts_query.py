"""The user's search syntax, parsed once and written out for tsquery or FTS5 MATCH.

Web-search syntax on both backends: words must all match, ``"a phrase"`` matches words in a
row, ``-word`` or ``-"a phrase"`` excludes, ``or`` between clauses gives alternatives (``a b or
c`` is ``(a and b) or c``). The last word, while still being typed (no space after it), also
matches as a prefix
(from two characters on). Every word reaches the database quoted, so no input is a syntax error:
words without a letter or digit are dropped, and a query left without a positive word (only
punctuation, only exclusions) matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import BadRequest

__all__ = ["MAX_QUERY_LENGTH", "Clause", "ParsedQuery", "parse_query"]

MAX_QUERY_LENGTH = 256
"""Longest query accepted, in characters."""

_TOKEN = re.compile(r'(?P<minus>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_OR = "or"
# A one-character prefix would walk a large share of the vocabulary for little use.
_MIN_PREFIX = 2


@dataclass(frozen=True, slots=True)
class Clause:
    """One word or phrase of a query."""

    text: str
    is_negated: bool = False
    is_prefix: bool = False

    def tsquery(self) -> str:
        """Return the clause in tsquery syntax (quoted: the configuration parses the words)."""
        quoted = "'" + self.text.replace("\\", "\\\\").replace("'", "''") + "'"
        return ("!" if self.is_negated else "") + quoted + (":*" if self.is_prefix else "")

    def fts5(self) -> str:
        """Return the clause as an FTS5 string (the tokenizer splits it into a phrase)."""
        return '"' + self.text.replace('"', '""') + '"' + (" *" if self.is_prefix else "")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as alternatives, each a conjunction of clauses with at least one positive."""

    groups: tuple[tuple[Clause, ...], ...]

    @property
    def is_empty(self) -> bool:
        """Return whether nothing can match (no positive word survived)."""
        return not self.groups

    def tsquery(self) -> str:
        """Return the query for ``to_tsquery``."""
        return " | ".join(
            "(" + " & ".join(clause.tsquery() for clause in group) + ")" for group in self.groups
        )

    def fts5(self) -> str:
        """Return the query for FTS5 ``MATCH`` (its NOT is binary: exclusions follow)."""
        return " OR ".join(_fts5_group(group) for group in self.groups)


def _fts5_group(group: tuple[Clause, ...]) -> str:
    positive = " AND ".join(clause.fts5() for clause in group if not clause.is_negated)
    negative = "".join(f" NOT {clause.fts5()}" for clause in group if clause.is_negated)
    return f"(({positive}){negative})"


def parse_query(raw: str) -> ParsedQuery:
    """Parse what a user typed into a search box.

    Raises:
        BadRequest: the query holds a NUL byte or is longer than ``MAX_QUERY_LENGTH``.
    """
    if "\x00" in raw:
        raise BadRequest("the search query contains a NUL byte", field="query")
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadRequest(
            f"the search query is {len(raw)} characters long; the limit is {MAX_QUERY_LENGTH}",
            field="query",
        )
    text = _CONTROL.sub(" ", raw)
    groups: list[list[Clause]] = [[]]
    matches = list(_TOKEN.finditer(text))
    for index, match in enumerate(matches):
        word, phrase, negated = match["word"], match["phrase"], match["minus"] is not None
        if _is_operator(word, negated, index, len(matches)):
            groups.append([])
            continue
        content = word if word is not None else phrase
        if not any(character.isalnum() for character in content):
            continue
        typing = word is not None and not negated and match.end() == len(text)
        typing = typing and len(content) >= _MIN_PREFIX
        groups[-1].append(Clause(content, is_negated=negated, is_prefix=typing))
    kept = (tuple(group) for group in groups if any(not c.is_negated for c in group))
    return ParsedQuery(tuple(kept))


def _is_operator(word: str | None, negated: bool, index: int, count: int) -> bool:
    # "or" between two clauses; first or last (maybe "orange" being typed) it is a word.
    return word is not None and not negated and word.lower() == _OR and 0 < index < count - 1
