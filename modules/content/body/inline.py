"""The inline-HTML subset of text fields: sanitized with nh3 on write, flattened for search.

Text fields hold a small HTML subset (strong, em, code, a, br, s, sub, sup, mark). Links keep
only absolute ``http``, ``https`` and ``mailto`` hrefs and always get ``rel="noopener nofollow"``.
Sanitizing is idempotent, so stored text survives any number of round trips unchanged.
"""

from __future__ import annotations

import html
import re

import nh3

__all__ = ["INLINE_TAGS", "find_forbidden_character", "inline_to_text", "sanitize_inline"]

INLINE_TAGS = frozenset({"strong", "em", "code", "a", "br", "s", "sub", "sup", "mark"})

_CLEANER = nh3.Cleaner(
    tags=set(INLINE_TAGS),
    attributes={"a": {"href"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener nofollow",
    url_relative="deny",
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={})
# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates
# (which cannot be stored as UTF-8).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BREAK = re.compile(r"<br\s*/?>")


def sanitize_inline(text: str) -> str:
    """Return ``text`` reduced to the inline subset; disallowed markup is dropped, not refused.

    Args:
        text: Inline HTML from an untrusted source.
    """
    return _CLEANER.clean(text)


def find_forbidden_character(text: str) -> str | None:
    """Return the first control character (or lone surrogate) in ``text``, if any.

    Args:
        text: Any text field of a block.
    """
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def inline_to_text(text: str) -> str:
    """Return the visible text of sanitized inline HTML: tags removed, entities decoded.

    Args:
        text: Inline HTML, already sanitized.
    """
    return html.unescape(_TEXT_ONLY.clean(_BREAK.sub("\n", text)))
