"""Import an HTML document as a body: sanitize with nh3 first, then map elements to blocks.

``p``, ``h1``-``h6``, ``ul``/``ol``, ``blockquote``, ``pre``, ``img``, ``hr`` and ``figure``
become blocks; text and inline markup outside them become paragraphs; every other element is
unwrapped by the sanitizer (its text kept, scripts and styles dropped with their content).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from html import escape

import nh3

from ._drafts import (
    Draft,
    check_source,
    code_draft,
    heading_draft,
    image_drafts,
    is_blank,
    list_drafts,
    text_drafts,
    trimmed,
)
from ._html_tree import Element, Node, read_tree
from .blocks import Body
from .inline import INLINE_TAGS
from .parse import parse_body

__all__ = ["body_from_html", "drafts_from_html"]

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_LISTS = frozenset({"ul", "ol"})
_BLOCKS = frozenset(
    {"p", "ul", "ol", "li", "blockquote", "pre", "img", "hr", "figure", "figcaption", *_HEADINGS}
)
# Presentational synonyms of the inline subset, renamed rather than dropped.
_SYNONYMS = {"b": "strong", "i": "em", "del": "s", "strike": "s"}
_CLEANER = nh3.Cleaner(
    tags=set(INLINE_TAGS | _BLOCKS | _SYNONYMS.keys()),
    attributes={"a": {"href"}, "img": {"src", "alt", "data-asset-id"}, "code": {"class"}},
    url_schemes={"http", "https", "mailto", "asset"},
    link_rel=None,
    url_relative="deny",
)
_SPACE = re.compile(r"\s+")
_LANGUAGE_CLASS = re.compile(r"language-(\S+)")


def body_from_html(source: str) -> Body:
    """Sanitize an HTML document and return it as a body.

    Args:
        source: Untrusted HTML, a fragment or a whole document.

    Raises:
        ValidationFailed: If the source is too long or the resulting blocks break a limit.
    """
    check_source(source)
    return parse_body(list(drafts_from_html(source)))


def drafts_from_html(source: str) -> Iterator[Draft]:
    """Yield draft blocks for untrusted HTML (also used for raw HTML blocks in Markdown).

    Args:
        source: Untrusted HTML.
    """
    yield from _drafts_of(read_tree(_CLEANER.clean(source)).children)


def _drafts_of(nodes: Sequence[Node]) -> Iterator[Draft]:
    run: list[Node] = []
    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCKS:
            run.append(node)
            continue
        yield from text_drafts("paragraph", _inline(run))
        run = []
        yield from _block_drafts(node)
    yield from text_drafts("paragraph", _inline(run))


def _block_drafts(element: Element) -> Iterator[Draft]:
    tag = element.tag
    if tag in _HEADINGS:
        yield from heading_draft(_HEADINGS[tag], _inline(element.children))
    elif tag in _LISTS:
        yield from list_drafts(tag == "ol", list(_list_items(element)))
    elif tag == "blockquote":
        yield from text_drafts("quote", _inline(element.children))
    elif tag == "pre":
        yield code_draft(_text_of(element), _language_of(element))
    elif tag == "img":
        yield from _image_drafts(element, None)
    elif tag == "hr":
        yield {"type": "divider"}
    elif tag == "figure":
        yield from _figure_drafts(element)
    else:  # p, and a stray li or figcaption: a container of paragraphs and images
        yield from _drafts_of(element.children)


def _figure_drafts(figure: Element) -> Iterator[Draft]:
    captions = [child for child in _elements(figure) if child.tag == "figcaption"]
    caption = _inline(captions[0].children) if captions else ""
    content = [child for child in _elements(figure) if child.tag != "figcaption"]
    only = content[0].tag if len(content) == 1 else None
    if only == "img":
        yield from _image_drafts(content[0], caption or None)
    elif only == "blockquote" and not is_blank(caption):
        for quote in text_drafts("quote", _inline(content[0].children)):
            yield {**quote, "cite": trimmed(caption)}
    else:
        yield from _drafts_of(figure.children)


def _image_drafts(image: Element, caption: str | None) -> Iterator[Draft]:
    asset_id = image.attrs.get("data-asset-id")
    src = f"asset:{asset_id}" if asset_id else image.attrs.get("src", "")
    yield from image_drafts(src, image.attrs.get("alt", ""), caption)


def _list_items(list_element: Element) -> Iterator[str]:
    for item in _elements(list_element):
        nested = [child for child in _elements(item) if child.tag in _LISTS]
        yield _inline([child for child in item.children if child not in nested])
        for sublist in nested:
            yield from _list_items(sublist)


def _inline(nodes: Sequence[Node]) -> str:
    """Serialize nodes as inline HTML; block elements inside are joined by line breaks."""
    segments: list[str] = []
    run: list[str] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag in _BLOCKS:
            segments.extend(["".join(run), _inline(node.children)])
            run = []
        else:
            run.append(_serialize(node))
    segments.append("".join(run))
    return "<br>".join(segment.strip() for segment in segments if segment.strip())


def _serialize(node: Node) -> str:
    if isinstance(node, str):
        return escape(_SPACE.sub(" ", node), quote=False)
    if node.tag == "br":
        return "<br>"
    inner = "".join(_serialize(child) for child in node.children)
    tag = _SYNONYMS.get(node.tag, node.tag)
    if tag not in INLINE_TAGS:
        return inner
    href = node.attrs.get("href") if tag == "a" else None
    opening = f'<a href="{escape(href)}">' if href else f"<{tag}>"
    return f"{opening}{inner}</{tag}>"


def _text_of(element: Element) -> str:
    return "".join(
        child if isinstance(child, str) else _text_of(child) for child in element.children
    )


def _language_of(pre: Element) -> str:
    for child in _elements(pre):
        match = _LANGUAGE_CLASS.search(child.attrs.get("class", ""))
        if child.tag == "code" and match:
            return match.group(1)
    return ""


def _elements(element: Element) -> list[Element]:
    return [child for child in element.children if isinstance(child, Element)]
