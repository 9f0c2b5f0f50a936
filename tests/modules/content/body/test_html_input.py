"""Tests of body_from_html: sanitized first, then mapped to blocks; text outside blocks kept."""

from __future__ import annotations

import uuid

import pytest

from app.errors import ValidationFailed
from modules.content.body import (
    MAX_SOURCE,
    Block,
    Code,
    Divider,
    Embed,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    body_from_html,
    body_to_json,
    parse_body,
    plain_text,
    render_html,
)

ASSET = uuid.UUID("0190a0b0-0000-7000-8000-000000000001")
OTHER = uuid.UUID("0190a0b0-0000-7000-8000-000000000002")


def test_block_elements_map_to_their_types() -> None:
    source = """
        <h1>Title</h1><h3>Sub</h3>
        <p>Some <strong>strong</strong>,
           <em>em</em> and <a href="https://e.org/?a=1&amp;b=2" target="_blank">link</a></p>
        <ul><li>one</li><li>two</li></ul>
        <ol><li>first</li></ol>
        <blockquote><p>Quoted</p><p>twice</p></blockquote>
        <pre><code class="language-Python hljs">if a &lt; b:
    pass
</code></pre>
        <hr>
    """

    assert body_from_html(source) == (
        Heading(level=2, text="Title"),
        Heading(level=3, text="Sub"),
        Paragraph(
            text="Some <strong>strong</strong>, <em>em</em> and "
            '<a href="https://e.org/?a=1&amp;b=2" rel="noopener nofollow">link</a>'
        ),
        ListBlock(style="unordered", items=("one", "two")),
        ListBlock(style="ordered", items=("first",)),
        Quote(text="Quoted<br>twice"),
        Code(code="if a < b:\n    pass", language="python"),
        Divider(),
    )


def test_a_code_language_comes_from_a_language_class() -> None:
    assert body_from_html('<pre><code class="hljs language-rust">fn</code></pre>') == (
        Code(code="fn", language="rust"),
    )


def test_text_outside_blocks_becomes_paragraphs() -> None:
    source = "Loose <b>bold</b> text<p>Inside</p>tail <i>italic</i><br>line"

    assert body_from_html(source) == (
        Paragraph(text="Loose <strong>bold</strong> text"),
        Paragraph(text="Inside"),
        Paragraph(text="tail <em>italic</em><br>line"),
    )


def test_unknown_elements_are_unwrapped() -> None:
    source = "<article><section><div><p>One</p><span>two</span></div></section></article>"

    assert body_from_html(source) == (Paragraph(text="One"), Paragraph(text="two"))


def test_nested_lists_are_flattened_into_their_parent() -> None:
    source = "<ul><li>fruit<ol><li>apple</li></ol></li><li><p>veg</p><p>more</p></li></ul>"

    assert body_from_html(source) == (
        ListBlock(style="unordered", items=("fruit", "apple", "veg<br>more")),
    )


def test_images_by_asset_become_image_blocks() -> None:
    source = (
        f'<p>Look <img src="asset:{ASSET}" alt="A cat"> here</p>'
        f'<figure><img data-asset-id="{OTHER}" src="https://cdn/x.jpg">'
        "<figcaption>The <i>dog</i></figcaption></figure>"
    )

    assert body_from_html(source) == (
        Paragraph(text="Look"),
        Image(asset_id=ASSET, alt="A cat"),
        Paragraph(text="here"),
        Image(asset_id=OTHER, caption="The <em>dog</em>"),
    )


def test_other_images_become_embeds_or_their_alt_text() -> None:
    source = (
        '<img src="https://img.example/a.png" alt="Chart">'
        '<figure><img src="https://img.example/b.png" alt="B"><figcaption>Fig</figcaption></figure>'
        '<img src="http://img.example/c.png" alt="insecure">'
        '<img src="data:image/png;base64,AAAA" alt="inline data">'
        '<img src="/relative.png" alt="relative">'
        '<img src="https://img.example/d.png">'
    )

    assert body_from_html(source) == (
        Embed(url="https://img.example/a.png", caption="Chart"),
        Embed(url="https://img.example/b.png", caption="Fig"),
        Paragraph(text="insecure"),
        Paragraph(text="inline data"),
        Paragraph(text="relative"),
        Embed(url="https://img.example/d.png"),
    )


def test_a_figure_with_a_quote_and_caption_is_a_cited_quote() -> None:
    source = "<figure><blockquote>To be</blockquote><figcaption>Hamlet</figcaption></figure>"

    assert body_from_html(source) == (Quote(text="To be", cite="Hamlet"),)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script><p>Hi</p>", (Paragraph(text="Hi"),)),
        ("<style>p{}</style>Hi", (Paragraph(text="Hi"),)),
        ('<p onclick="alert(1)" style="x">Hi</p>', (Paragraph(text="Hi"),)),
        ('<img src="x" onerror="alert(1)">', ()),
        ('<img src="javascript:alert(1)" alt="a">', (Paragraph(text="a"),)),
        (
            '<a href="javascript:alert(1)">x</a>',
            (Paragraph(text='<a rel="noopener nofollow">x</a>'),),
        ),
        (
            '<a href="&#106;avascript:alert(1)">x</a>',
            (Paragraph(text='<a rel="noopener nofollow">x</a>'),),
        ),
        (
            '<a href=" javascript:alert(1)">x</a>',
            (Paragraph(text='<a rel="noopener nofollow">x</a>'),),
        ),
        (
            '<a href="data:text/html,<script>alert(1)</script>">x</a>',
            (Paragraph(text='<a rel="noopener nofollow">x</a>'),),
        ),
        (
            '<a href="asset:0190a0b0-0000-7000-8000-000000000001">x</a>',
            (Paragraph(text='<a rel="noopener nofollow">x</a>'),),
        ),
        ("<svg><g onload='alert(1)'><text>Hi</text></g></svg>", ()),
        ("<math><mi xlink:href='javascript:alert(1)'>Hi</mi></math>", ()),
        ("<iframe src='https://e.org'></iframe><object data='x'></object>", ()),
        ("<<script>script>alert(1)<</script>/script>", (Paragraph(text="&lt;/script&gt;"),)),
        (
            "<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
            (Paragraph(text="&lt;p title='"), Paragraph(text="'&gt;")),
        ),
        ("<!-- <script>alert(1)</script> -->Hi", (Paragraph(text="Hi"),)),
        (
            "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
            (Code(code="<script>alert(1)</script>"),),
        ),
    ],
)
def test_xss_vectors_are_neutralised(source: str, expected: tuple[Block, ...]) -> None:
    body = body_from_html(source)
    html = render_html(body, asset_url=lambda asset_id: f"/media/{asset_id}").lower()

    assert body == expected
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_html_round_trips_through_storage() -> None:
    body = body_from_html(
        f'<h2>T</h2><p>a <a href="https://e.org">b</a></p><img src="asset:{ASSET}">'
    )

    assert parse_body(body_to_json(body)) == body


def test_an_empty_document_is_an_empty_body() -> None:
    assert body_from_html("") == ()
    assert body_from_html("<p> </p><div>\n</div>") == ()


def test_a_control_character_is_refused_naming_the_block() -> None:
    with pytest.raises(ValidationFailed) as caught:
        body_from_html("<p>ok</p><h2>bad\x1b[0m</h2>")

    assert [problem.field for problem in caught.value.problems] == ["body.1.text"]


def test_a_source_over_max_source_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        body_from_html("x" * (MAX_SOURCE + 1))

    assert caught.value.field == "body"
    assert len(caught.value.problems) == 1


def test_captions_are_sanitized_like_any_inline_text() -> None:
    source = (
        f'<figure><img src="asset:{ASSET}" alt="a"><figcaption><script>alert(1)</script>'
        '<a href="javascript:alert(1)" onclick="x">Cap</a></figcaption></figure>'
        "<figure><blockquote>Q</blockquote><figcaption> </figcaption></figure>"
    )

    assert body_from_html(source) == (
        Image(asset_id=ASSET, alt="a", caption='<a rel="noopener nofollow">Cap</a>'),
        Quote(text="Q"),
    )


@pytest.mark.parametrize("tag", ["em", "blockquote", "ul><li", "figure", "div"])
def test_deep_nesting_is_unwrapped_not_a_crash(tag: str) -> None:
    body = body_from_html(f"<{tag}>" * 5_000 + "deep")

    assert len(body) == 1
    assert plain_text(body) == "deep"
