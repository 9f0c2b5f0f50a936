"""Read HTML that nh3 has already sanitized into a small element tree (stdlib parser).

The input is nh3's own serialization, so it is well formed: every non-void element is closed
and nested properly. This is a reader, not a sanitizer; it never sees untrusted markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["MAX_DEPTH", "Element", "Node", "read_tree"]

_VOID = frozenset({"br", "img", "hr"})
MAX_DEPTH = 32
"""Elements nested deeper are unwrapped (their text kept), so walking the tree cannot overflow
the stack; real documents nest a handful of levels."""


@dataclass(slots=True)
class Element:
    """One element: its tag, its attributes and its children (elements and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)


Node = Element | str


def read_tree(sanitized: str) -> Element:
    """Return a root element whose children are the top-level nodes of ``sanitized``.

    Args:
        sanitized: HTML produced by nh3.
    """
    reader = _TreeReader()
    reader.feed(sanitized)
    reader.close()
    return reader.root


class _TreeReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self._open = [self.root]
        self._unwrapped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self._open) > MAX_DEPTH:
            self._unwrapped += tag not in _VOID
            return
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self._open) <= MAX_DEPTH:
            attributes = {name: value or "" for name, value in attrs}
            self._open[-1].children.append(Element(tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if self._unwrapped:
            # The input is well formed, so the next end tags close the unwrapped elements.
            self._unwrapped -= 1
            return
        if any(element.tag == tag for element in self._open[1:]):
            while self._open.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)
