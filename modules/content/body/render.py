"""Render a body as safe HTML for reading.

Plain fields are escaped; inline text is sanitized again on the way out, so content stored under
an older, looser policy is still rendered under the current one. Embeds become links, never
iframes; images are drawn only where the caller can give their asset a URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape

from .blocks import Block, Body, Code, Divider, Embed, Heading, Image, ListBlock, Paragraph, Quote
from .inline import sanitize_inline

__all__ = ["AssetUrl", "render_html"]

AssetUrl = Callable[[uuid.UUID], str | None]
"""Give an image asset's public URL, or ``None`` to leave the image out."""


def render_html(body: Body, *, asset_url: AssetUrl | None = None) -> str:
    """Return ``body`` as an HTML fragment, one element per line.

    Args:
        body: The body to render.
        asset_url: Resolves image assets to URLs; without it, images are left out.
    """
    parts = (_render_block(block, asset_url) for block in body)
    return "\n".join(part for part in parts if part)


def _render_block(block: Block, asset_url: AssetUrl | None) -> str:
    match block:
        case Paragraph():
            html = f"<p>{_inline(block.text)}</p>"
        case Heading():
            html = f"<h{block.level}>{_inline(block.text)}</h{block.level}>"
        case ListBlock():
            html = _render_list(block)
        case Quote():
            html = _render_quote(block)
        case Code():
            html = _render_code(block)
        case Image():
            html = _render_image(block, asset_url)
        case Embed():
            html = _render_embed(block)
        case Divider():
            html = "<hr>"
    return html


def _render_list(block: ListBlock) -> str:
    tag = "ol" if block.style == "ordered" else "ul"
    items = "".join(f"<li>{_inline(item)}</li>" for item in block.items)
    return f"<{tag}>{items}</{tag}>"


def _render_quote(block: Quote) -> str:
    quote = f"<blockquote><p>{_inline(block.text)}</p></blockquote>"
    if block.cite is None:
        return quote
    return f"<figure>{quote}<figcaption>{_inline(block.cite)}</figcaption></figure>"


def _render_code(block: Code) -> str:
    language = f' class="language-{escape(block.language)}"' if block.language else ""
    return f"<pre><code{language}>{escape(block.code, quote=False)}</code></pre>"


def _render_image(block: Image, asset_url: AssetUrl | None) -> str:
    url = asset_url(block.asset_id) if asset_url is not None else None
    if url is None:
        return ""
    image = f'<img src="{escape(url)}" alt="{escape(block.alt or "")}">'
    return f"<figure>{image}{_caption(block.caption)}</figure>"


def _render_embed(block: Embed) -> str:
    url = escape(block.url)
    link = f'<a href="{url}" rel="noopener nofollow">{url}</a>'
    return f"<figure>{link}{_caption(block.caption)}</figure>"


def _caption(caption: str | None) -> str:
    return "" if caption is None else f"<figcaption>{_inline(caption)}</figcaption>"


def _inline(text: str) -> str:
    return sanitize_inline(text)
