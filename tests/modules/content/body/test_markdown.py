"""Tests of body_from_markdown: CommonMark into blocks, raw HTML sanitized, images decided."""

from __future__ import annotations

import uuid

import pytest

from app.errors import ValidationFailed
from modules.content.body import (
    MAX_LIST_ITEMS,
    MAX_SOURCE,
    Code,
    Divider,
    Embed,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    body_from_markdown,
    body_to_json,
    parse_body,
    render_html,
)

ASSET = uuid.UUID("0190a0b0-0000-7000-8000-000000000001")


def test_blocks_map_to_their_types() -> None:
    source = "\n".join(
        [
            "## Section",
            "",
            "Some *em*, **strong**, `co<de>` and [a link](https://e.org/x).",
            "",
            "- one",
            "- two",
            "",
            "3. three",
            "4. four",
            "",
            "> Quoted *text*",
            ">",
            "> and more",
            "",
            "```Python title",
            "print(1 < 2)",
            "```",
            "",
            "    indented",
            "",
            "---",
        ]
    )

    assert body_from_markdown(source) == (
        Heading(level=2, text="Section"),
        Paragraph(
            text="Some <em>em</em>, <strong>strong</strong>, <code>co&lt;de&gt;</code> and "
            '<a href="https://e.org/x" rel="noopener nofollow">a link</a>.'
        ),
        ListBlock(style="unordered", items=("one", "two")),
        ListBlock(style="ordered", items=("three", "four")),
        Quote(text="Quoted <em>text</em><br>and more"),
        Code(code="print(1 < 2)", language="python"),
        Code(code="indented"),
        Divider(),
    )


def test_an_h1_becomes_an_h2_and_other_levels_stay() -> None:
    assert body_from_markdown("# One\n\n### Three\n\n###### Six") == (
        Heading(level=2, text="One"),
        Heading(level=3, text="Three"),
        Heading(level=6, text="Six"),
    )


def test_nested_lists_are_flattened_into_their_parent() -> None:
    source = "- fruit\n  - apple\n  - pear\n    1. williams\n- veg\n\n  with a second paragraph"

    assert body_from_markdown(source) == (
        ListBlock(
            style="unordered",
            items=("fruit", "apple", "pear", "williams", "veg<br>with a second paragraph"),
        ),
    )


def test_a_long_list_is_split_into_lists_of_max_items() -> None:
    source = "\n".join(f"- item {number}" for number in range(MAX_LIST_ITEMS + 1))

    body = body_from_markdown(source)

    assert [len(block.items) for block in body if isinstance(block, ListBlock)] == [500, 1]


def test_a_fence_without_a_valid_language_has_none() -> None:
    assert body_from_markdown("```c sharp\nx\n```\n\n```not_valid!\ny\n```") == (
        Code(code="x", language="c"),
        Code(code="y"),
    )


def test_an_asset_image_becomes_an_image_block_splitting_its_paragraph() -> None:
    source = f'Before ![A cat](asset:{ASSET} "The *cat*") after'

    assert body_from_markdown(source) == (
        Paragraph(text="Before"),
        Image(asset_id=ASSET, alt="A cat", caption="The *cat*"),
        Paragraph(text="after"),
    )


def test_an_https_image_becomes_an_embed_captioned_by_its_alt() -> None:
    assert body_from_markdown("![A <chart>](https://img.example/c.png)") == (
        Embed(url="https://img.example/c.png", caption="A &lt;chart&gt;"),
    )


@pytest.mark.parametrize(
    "url", ["http://img.example/c.png", "data:image/png;base64,AAAA", "/relative.png", "asset:1"]
)
def test_any_other_image_keeps_only_its_alt_text(url: str) -> None:
    assert body_from_markdown(f"See ![the chart]({url}) here") == (
        Paragraph(text="See the chart here"),
    )
    assert body_from_markdown(f"![]({url})") == ()


def test_images_in_headings_and_lists_keep_their_alt_text() -> None:
    assert body_from_markdown(f"## A ![b](asset:{ASSET})\n\n- c ![d](asset:{ASSET})") == (
        Heading(level=2, text="A b"),
        ListBlock(style="unordered", items=("c d",)),
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>\n\nHi", (Paragraph(text="Hi"),)),
        ("Hi <script>alert(1)</script> there", (Paragraph(text="Hi  there"),)),
        ('Hi <img src=x onerror="alert(1)">', (Paragraph(text="Hi"),)),
        ("[x](javascript:alert(1))", (Paragraph(text="[x](javascript:alert(1))"),)),
        (
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            (Paragraph(text="[x](data:text/html;base64,PHNjcmlwdD4=)"),),
        ),
        (
            '<a href="javascript:alert(1)">x</a>',
            (Paragraph(text='<a rel="noopener nofollow">x</a>'),),
        ),
        ("[x](JAVASCRIPT:alert(1))", (Paragraph(text="[x](JAVASCRIPT:alert(1))"),)),
        ("<div onclick='x'>\n<p>raw</p>\n</div>", (Paragraph(text="raw"),)),
        ("<iframe src='https://e.org'></iframe>", ()),
        ("![x](javascript:alert(1))", (Paragraph(text="![x](javascript:alert(1))"),)),
    ],
)
def test_xss_vectors_are_neutralised(source: str, expected: tuple[Paragraph, ...]) -> None:
    body = body_from_markdown(source)

    html = render_html(body).lower()

    assert body == expected
    assert "<script" not in html
    assert "onerror" not in html
    assert 'href="javascript' not in html


def test_raw_html_blocks_map_to_blocks() -> None:
    source = f'<h1>Title</h1>\n<img src="asset:{ASSET}" alt="cat">\n\nText'

    assert body_from_markdown(source) == (
        Heading(level=2, text="Title"),
        Image(asset_id=ASSET, alt="cat"),
        Paragraph(text="Text"),
    )


def test_markdown_round_trips_through_storage() -> None:
    body = body_from_markdown(f"# T\n\n*a* [b](https://e.org)\n\n![c](asset:{ASSET})\n\n---")

    assert parse_body(body_to_json(body)) == body


def test_tables_are_not_parsed() -> None:
    assert body_from_markdown("| a | b |\n|---|---|\n| 1 | 2 |") == (
        Paragraph(text="| a | b |\n|---|---|\n| 1 | 2 |"),
    )


def test_an_empty_document_is_an_empty_body() -> None:
    assert body_from_markdown("") == ()
    assert body_from_markdown("\n\n   \n") == ()


def test_a_control_character_is_refused_naming_the_block() -> None:
    with pytest.raises(ValidationFailed) as caught:
        body_from_markdown("ok\n\nbad \x07 bell")

    assert [problem.field for problem in caught.value.problems] == ["body.1.text"]


def test_a_source_over_max_source_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        body_from_markdown("x" * (MAX_SOURCE + 1))

    assert caught.value.field == "body"
    assert len(caught.value.problems) == 1
