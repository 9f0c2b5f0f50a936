"""Import a Markdown document (CommonMark, tables off) as a body with markdown-it-py.

Raw HTML in the Markdown is allowed through the parser and then sanitized like any other input:
HTML blocks go through the HTML importer, inline HTML through the inline sanitizer. Nested lists
are flattened: their items follow their parent's in the same list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from ._drafts import (
    Draft,
    check_source,
    code_draft,
    heading_draft,
    image_drafts,
    list_drafts,
    text_drafts,
)
from .blocks import Body
from .html_input import drafts_from_html
from .parse import parse_body

__all__ = ["body_from_markdown"]

_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_RENDERER = RendererHTML()
_LISTS = frozenset({"bullet_list", "ordered_list"})
_CODE = frozenset({"fence", "code_block"})


def body_from_markdown(source: str) -> Body:
    """Parse a Markdown document and return it as a sanitized body.

    Args:
        source: Untrusted CommonMark; raw HTML in it is sanitized, never trusted.

    Raises:
        ValidationFailed: If the source is too long or the resulting blocks break a limit.
    """
    check_source(source)
    tree = SyntaxTreeNode(_MARKDOWN.parse(source))
    drafts = [draft for node in tree.children for draft in _block_drafts(node)]
    return parse_body(drafts)


def _block_drafts(node: SyntaxTreeNode) -> Iterator[Draft]:
    kind = node.type
    if kind == "heading":
        yield from heading_draft(int(node.tag[1:]), _flat_inline(node))
    elif kind == "paragraph":
        yield from _paragraph_drafts(_inline_tokens(node))
    elif kind in _LISTS:
        yield from list_drafts(kind == "ordered_list", list(_list_items(node)))
    elif kind == "blockquote":
        yield from text_drafts("quote", _flat_inline(node))
    elif kind in _CODE:
        yield code_draft(node.content, node.info)
    elif kind == "hr":
        yield {"type": "divider"}
    elif kind == "html_block":
        yield from drafts_from_html(node.content)


def _paragraph_drafts(tokens: Sequence[Token]) -> Iterator[Draft]:
    """Split a paragraph at its images: text before, the image, text after."""
    run: list[Token] = []
    for token in tokens:
        if token.type != "image":
            run.append(token)
            continue
        drafts = list(image_drafts(str(token.attrs.get("src", "")), token.content, _title(token)))
        if not drafts or drafts[0]["type"] == "paragraph":
            run.append(_alt_text(token))
            continue
        yield from text_drafts("paragraph", _render(run))
        run = []
        yield from drafts
    yield from text_drafts("paragraph", _render(run))


def _list_items(node: SyntaxTreeNode) -> Iterator[str]:
    for item in node.children:
        yield "<br>".join(_inline_parts(item, skip_lists=True))
        for child in item.children:
            if child.type in _LISTS:
                yield from _list_items(child)


def _flat_inline(node: SyntaxTreeNode) -> str:
    return "<br>".join(_inline_parts(node, skip_lists=False))


def _inline_parts(node: SyntaxTreeNode, *, skip_lists: bool) -> Iterator[str]:
    if node.type == "inline":
        yield _render(_without_images(node))
    elif node.type in _CODE:
        yield f"<code>{escape(node.content.removesuffix(chr(10)), quote=False)}</code>"
    elif node.type == "html_block":
        yield node.content
    elif not (skip_lists and node.type in _LISTS):
        for child in node.children:
            yield from _inline_parts(child, skip_lists=skip_lists)


def _without_images(node: SyntaxTreeNode) -> list[Token]:
    """Return the inline tokens with images replaced by their alt text."""
    return [_alt_text(token) if token.type == "image" else token for token in _inline_tokens(node)]


def _alt_text(image: Token) -> Token:
    return Token("text", "", 0, content=image.content)


def _inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    inline = node if node.type == "inline" else node.children[0]
    return list(inline.token.children or []) if inline.token else []


def _title(token: Token) -> str | None:
    title = token.attrs.get("title")
    return escape(str(title), quote=False) if title else None


def _render(tokens: Sequence[Token]) -> str:
    return _RENDERER.renderInline(tokens, _MARKDOWN.options, {})
