"""Tests of render_html: the markup of each block, escaping, and images resolved by the caller."""

from __future__ import annotations

import uuid

from modules.content.body import (
    Body,
    Code,
    Image,
    Paragraph,
    Quote,
    parse_body,
    render_html,
)

ASSET = uuid.UUID("0190a0b0-0000-7000-8000-000000000001")


def asset_url(asset_id: uuid.UUID) -> str:
    """Return a CDN URL with a query string, to prove it is escaped."""
    return f"https://cdn.example/{asset_id}.jpg?w=800&h=600"


def test_every_block_renders_as_its_element() -> None:
    body = parse_body(
        [
            {"type": "heading", "level": 2, "text": "Intro"},
            {"type": "paragraph", "text": 'See <a href="https://e.org">this</a>.'},
            {"type": "list", "style": "ordered", "items": ["one", "two"]},
            {"type": "list", "style": "unordered", "items": ["dot"]},
            {"type": "quote", "text": "Q"},
            {"type": "quote", "text": "Q", "cite": "Someone"},
            {"type": "code", "code": "if a < b:\n    pass", "language": "python"},
            {"type": "code", "code": "plain"},
            {"type": "image", "asset_id": str(ASSET), "alt": "A cat", "caption": "Cat"},
            {"type": "image", "asset_id": str(ASSET)},
            {"type": "embed", "url": "https://video.example/v?a=1&b=2", "caption": "Clip"},
            {"type": "embed", "url": "https://video.example/w"},
            {"type": "divider"},
        ]
    )

    assert render_html(body, asset_url=asset_url).split("\n") == [
        "<h2>Intro</h2>",
        '<p>See <a href="https://e.org" rel="noopener nofollow">this</a>.</p>',
        "<ol><li>one</li><li>two</li></ol>",
        "<ul><li>dot</li></ul>",
        "<blockquote><p>Q</p></blockquote>",
        "<figure><blockquote><p>Q</p></blockquote><figcaption>Someone</figcaption></figure>",
        '<pre><code class="language-python">if a &lt; b:',
        "    pass</code></pre>",
        "<pre><code>plain</code></pre>",
        (
            f'<figure><img src="https://cdn.example/{ASSET}.jpg?w=800&amp;h=600" alt="A cat">'
            "<figcaption>Cat</figcaption></figure>"
        ),
        f'<figure><img src="https://cdn.example/{ASSET}.jpg?w=800&amp;h=600" alt=""></figure>',
        (
            '<figure><a href="https://video.example/v?a=1&amp;b=2" rel="noopener nofollow">'
            "https://video.example/v?a=1&amp;b=2</a><figcaption>Clip</figcaption></figure>"
        ),
        (
            '<figure><a href="https://video.example/w" rel="noopener nofollow">'
            "https://video.example/w</a></figure>"
        ),
        "<hr>",
    ]


def test_an_empty_body_renders_as_nothing() -> None:
    assert render_html(()) == ""


def test_images_are_left_out_without_a_url() -> None:
    body = parse_body(
        [{"type": "image", "asset_id": str(ASSET)}, {"type": "paragraph", "text": "after"}]
    )

    assert render_html(body) == "<p>after</p>"
    assert render_html(body, asset_url=lambda _: None) == "<p>after</p>"


def test_plain_fields_are_escaped() -> None:
    body: Body = (
        Code(code='</code><script>alert("x")</script>', language="c++"),
        Image(asset_id=ASSET, alt='" onerror="alert(1)'),
    )

    html = render_html(body, asset_url=lambda _: '/x" onload="alert(1)')

    assert html == (
        '<pre><code class="language-c++">&lt;/code&gt;&lt;script&gt;alert("x")'
        "&lt;/script&gt;</code></pre>\n"
        '<figure><img src="/x&quot; onload=&quot;alert(1)" alt="&quot; onerror=&quot;alert(1)">'
        "</figure>"
    )
    assert "<script" not in html


def test_inline_text_is_sanitized_again_on_the_way_out() -> None:
    # Stored under an older, looser policy, or built without validation: still made safe.
    smuggled = Paragraph.model_construct(text='<img src=x onerror="alert(1)"><b>b</b>ok')
    quote = Quote.model_construct(text="q", cite='<a href="javascript:alert(1)">c</a>')

    html = render_html((smuggled, quote))

    assert html == (
        "<p>bok</p>\n"
        '<figure><blockquote><p>q</p></blockquote><figcaption><a rel="noopener nofollow">c</a>'
        "</figcaption></figure>"
    )


def test_no_iframe_is_ever_rendered() -> None:
    body = parse_body([{"type": "embed", "url": "https://www.youtube.com/embed/x"}])

    assert "<iframe" not in render_html(body)
    assert render_html(body).startswith('<figure><a href="https://www.youtube.com/embed/x"')
