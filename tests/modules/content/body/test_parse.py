"""Tests of parse_body: sanitizing on write, problems named by path, limits, round trips."""

from __future__ import annotations

import uuid

import pytest

from app.errors import ErrorCode, ValidationFailed
from modules.content.body import (
    MAX_BLOCK_TEXT,
    MAX_BLOCKS,
    MAX_LIST_ITEMS,
    MAX_TOTAL_TEXT,
    Body,
    Code,
    Divider,
    Embed,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    body_to_json,
    parse_body,
)

ASSET = uuid.UUID("0190a0b0-0000-7000-8000-000000000001")


def problems(raw: object, field: str = "body") -> list[tuple[str | None, str]]:
    """Return the (field, message) of every problem parse_body reports for ``raw``."""
    with pytest.raises(ValidationFailed) as caught:
        parse_body(raw, field=field)
    assert all(problem.code is ErrorCode.VALIDATION for problem in caught.value.problems)
    return [(problem.field, problem.message) for problem in caught.value.problems]


def fields(raw: object, field: str = "body") -> list[str | None]:
    """Return the field paths of the problems parse_body reports for ``raw``."""
    return [name for name, _ in problems(raw, field)]


def every_block() -> list[dict[str, object]]:
    """Return one block of each type, every optional field set."""
    return [
        {"type": "paragraph", "text": "Hello <strong>world</strong>"},
        {"type": "heading", "level": 3, "text": "Part <em>one</em>"},
        {"type": "list", "style": "ordered", "items": ["a", "b<br>c"]},
        {"type": "quote", "text": "To be", "cite": '<a href="https://e.org">Hamlet</a>'},
        {"type": "code", "code": "x = 1 < 2\n\tprint(x)", "language": "c++"},
        {"type": "image", "asset_id": str(ASSET), "alt": "A cat", "caption": "The <em>cat</em>"},
        {"type": "embed", "url": "https://video.example/v/1", "caption": "A video"},
        {"type": "divider"},
    ]


def test_every_block_type_parses_into_its_model() -> None:
    body = parse_body(every_block())

    assert [type(block) for block in body] == [
        Paragraph,
        Heading,
        ListBlock,
        Quote,
        Code,
        Image,
        Embed,
        Divider,
    ]
    assert body[5] == Image(asset_id=ASSET, alt="A cat", caption="The <em>cat</em>")
    assert body[2] == ListBlock(style="ordered", items=("a", "b<br>c"))


def test_an_empty_list_is_an_empty_body() -> None:
    assert parse_body([]) == ()


def test_body_to_json_round_trips_and_is_canonical() -> None:
    body = parse_body(every_block())

    stored = body_to_json(body)

    assert parse_body(stored) == body
    assert stored[3] == {
        "type": "quote",
        "text": "To be",
        "cite": '<a href="https://e.org" rel="noopener nofollow">Hamlet</a>',
    }
    assert stored[5]["asset_id"] == str(ASSET)
    assert body_to_json(parse_body([{"type": "paragraph", "text": "x"}])) == [
        {"type": "paragraph", "text": "x"}
    ]


@pytest.mark.parametrize("raw", [None, "[]", {"type": "paragraph"}, 3])
def test_a_body_that_is_not_a_list_is_refused(raw: object) -> None:
    assert problems(raw) == [("body", "must be a list of blocks")]


def test_the_field_name_prefixes_every_path() -> None:
    raw = [{"type": "divider"}, {"type": "heading", "level": 9, "text": "x"}]

    assert fields(raw, field="input.body") == ["input.body.1.level"]
    assert fields("x", field="input.body") == ["input.body"]


def test_a_bad_block_is_named_by_its_index() -> None:
    raw: list[object] = [{"type": "paragraph", "text": "ok"} for _ in range(3)]
    raw.append({"type": "table", "rows": []})

    found = problems(raw)

    assert len(found) == 1
    assert found[0][0] == "body.3"
    assert found[0][1].startswith("is not a block type; use paragraph, heading")


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"text": "no type"}, "a block needs a `type`"),
        ("just text", "a block must be an object"),
        (None, "a block must be an object"),
    ],
)
def test_a_block_without_a_type_is_named_by_its_index(block: object, message: str) -> None:
    assert problems([block]) == [("body.0", message)]


def test_missing_and_unknown_keys_are_named_by_key() -> None:
    raw = [{"type": "heading", "text": "x", "colour": "red"}, {"type": "list", "style": "ordered"}]

    assert problems(raw) == [
        ("body.0.level", "is required"),
        ("body.0.colour", "is not a field of this block type"),
        ("body.1.items", "is required"),
    ]


def test_every_problem_of_every_block_is_reported() -> None:
    raw = [
        {"type": "paragraph", "text": "fine"},
        {"type": "heading", "level": 1, "text": "Title"},
        {"type": "list", "style": "dashed", "items": ["a", 2, "c\x00"]},
        {"type": "code", "code": "x", "language": "Py thon"},
        {"type": "image", "asset_id": "not-a-uuid", "alt": 5},
        {"type": "embed", "url": "http://insecure.example"},
        {"type": "quote"},
    ]

    with pytest.raises(ValidationFailed) as caught:
        parse_body(raw)

    assert caught.value.code is ErrorCode.VALIDATION
    assert caught.value.field == "body.1.level"
    assert caught.value.message == "9 problems in the body"
    assert [problem.field for problem in caught.value.problems] == [
        "body.1.level",
        "body.2.style",
        "body.2.items.1",
        "body.2.items.2",
        "body.3.language",
        "body.4.asset_id",
        "body.4.alt",
        "body.5.url",
        "body.6.text",
    ]


def test_a_single_problem_is_the_errors_message() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_body([{"type": "heading", "level": 7, "text": "x"}])

    assert caught.value.message == "Input should be less than or equal to 6"
    assert caught.value.field == "body.0.level"
    assert len(caught.value.problems) == 1


@pytest.mark.parametrize("level", [1, 7, 0, True, "3", 2.0])
def test_a_heading_level_is_an_integer_from_2_to_6(level: object) -> None:
    assert fields([{"type": "heading", "level": level, "text": "x"}]) == ["body.0.level"]


@pytest.mark.parametrize("level", [2, 6])
def test_heading_levels_2_and_6_are_allowed(level: int) -> None:
    assert parse_body([{"type": "heading", "level": level, "text": "x"}]) == (
        Heading(level=level, text="x"),
    )


@pytest.mark.parametrize(
    "text", ["nul\x00", "bell\x07", "escape\x1b[31m", "delete\x7f", "c1\x85", "lone\ud800"]
)
def test_control_characters_are_refused(text: str) -> None:
    assert fields([{"type": "paragraph", "text": text}]) == ["body.0.text"]
    assert fields([{"type": "code", "code": text}]) == ["body.0.code"]


def test_control_character_problems_name_the_character() -> None:
    assert problems([{"type": "paragraph", "text": "a\x00b"}]) == [
        ("body.0.text", "contains the control character U+0000")
    ]


def test_tabs_and_line_breaks_are_kept() -> None:
    code = "def f():\r\n\treturn 1\n"

    assert parse_body([{"type": "code", "code": code}]) == (Code(code=code),)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<script>alert(1)</script>Hi", "Hi"),
        ('<img src=x onerror="alert(1)">Hi', "Hi"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href="data:text/html,<script>1</script>">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href="/relative">x</a>', '<a rel="noopener nofollow">x</a>'),
        (
            '<a href="https://e.org/" onclick="x" rel="opener" target="_blank">x</a>',
            '<a href="https://e.org/" rel="noopener nofollow">x</a>',
        ),
        (
            '<a href="mailto:a@e.org">m</a>',
            '<a href="mailto:a@e.org" rel="noopener nofollow">m</a>',
        ),
        ('<strong style="color:red" class="x">b</strong>', "<strong>b</strong>"),
        ("<div><p>para</p></div>", "para"),
        ("<svg><script>alert(1)</script></svg>Hi", "Hi"),
        ("<<script>script>alert(1)<</script>/script>Hi", "&lt;/script&gt;Hi"),
        ("<iframe src='https://e.org'></iframe>Hi", "Hi"),
        ("a < b & c", "a &lt; b &amp; c"),
        (
            "<em>x<br/>y</em><mark>m</mark><s>s</s><sub>1</sub><sup>2</sup><code>c</code>",
            "<em>x<br>y</em><mark>m</mark><s>s</s><sub>1</sub><sup>2</sup><code>c</code>",
        ),
    ],
)
def test_inline_text_is_sanitized_not_refused(raw: str, clean: str) -> None:
    paragraph = {"type": "paragraph", "text": raw}
    body = parse_body([paragraph, {"type": "list", "style": "unordered", "items": [raw]}])

    assert body == (Paragraph(text=clean), ListBlock(style="unordered", items=(clean,)))
    assert parse_body(body_to_json(body)) == body


def test_text_left_empty_by_sanitizing_is_refused() -> None:
    raw = [
        {"type": "paragraph", "text": "<script>alert(1)</script>"},
        {"type": "heading", "level": 2, "text": "   "},
        {"type": "quote", "text": "q", "cite": ""},
    ]

    assert fields(raw) == ["body.0.text", "body.1.text", "body.2.cite"]


def test_a_list_has_at_least_one_item() -> None:
    assert problems([{"type": "list", "style": "ordered", "items": []}]) == [
        ("body.0.items", "must have at least one item")
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://e.org/x",
        "https://",
        "https:///path",
        "javascript:alert(1)//https://e.org",
        "data:text/html;base64,PHNjcmlwdD4=",
        "//e.org/x",
        "https://e.org/a b",
        "https://e.org/" + "a" * 2_048,
    ],
)
def test_an_embed_url_is_an_absolute_https_url(url: str) -> None:
    assert fields([{"type": "embed", "url": url}]) == ["body.0.url"]


@pytest.mark.parametrize("language", ["", "Python", "c sharp", "x" * 33, "py<script>"])
def test_a_code_language_is_a_short_lowercase_identifier(language: str) -> None:
    assert fields([{"type": "code", "code": "x", "language": language}]) == ["body.0.language"]


@pytest.mark.parametrize("language", ["python", "c++", "c#", "objective-c", "x" * 32])
def test_valid_code_languages_are_kept(language: str) -> None:
    assert parse_body([{"type": "code", "code": "x", "language": language}]) == (
        Code(code="x", language=language),
    )


def test_an_image_needs_an_asset_uuid() -> None:
    assert fields([{"type": "image"}]) == ["body.0.asset_id"]
    assert fields([{"type": "image", "asset_id": "asset:1"}]) == ["body.0.asset_id"]
    assert parse_body([{"type": "image", "asset_id": ASSET}]) == (Image(asset_id=ASSET),)


def test_a_divider_takes_no_fields() -> None:
    assert fields([{"type": "divider", "text": "x"}]) == ["body.0.text"]


def test_blocks_are_frozen() -> None:
    block = parse_body([{"type": "paragraph", "text": "x"}])[0]
    assert isinstance(block, Paragraph)

    with pytest.raises(ValueError, match="frozen"):
        block.text = "y"  # type: ignore[misc]


def test_at_most_max_blocks_are_allowed() -> None:
    divider = {"type": "divider"}

    assert len(parse_body([divider] * MAX_BLOCKS)) == MAX_BLOCKS
    assert problems([divider] * (MAX_BLOCKS + 1)) == [
        ("body", "has 2001 blocks; at most 2000 are allowed")
    ]


def test_a_list_has_at_most_max_list_items() -> None:
    items = ["x"] * MAX_LIST_ITEMS

    assert len(_list(parse_body([{"type": "list", "style": "ordered", "items": items}]))) == 500
    assert problems([{"type": "list", "style": "ordered", "items": [*items, "x"]}]) == [
        ("body.0.items", "has 501 items; at most 500 are allowed")
    ]


def _list(body: Body) -> tuple[str, ...]:
    block = body[0]
    assert isinstance(block, ListBlock)
    return block.items


def test_one_text_field_has_at_most_max_block_text_characters() -> None:
    assert parse_body([{"type": "code", "code": "x" * MAX_BLOCK_TEXT}])
    assert problems([{"type": "code", "code": "x" * (MAX_BLOCK_TEXT + 1)}]) == [
        ("body.0.code", "must be at most 50000 characters long")
    ]


def test_one_block_has_at_most_max_block_text_characters_in_all() -> None:
    half = "x" * (MAX_BLOCK_TEXT // 2)
    items = [half, half, "x"]

    assert problems([{"type": "list", "style": "ordered", "items": items}]) == [
        ("body.0", "has 50001 characters of text; at most 50000 are allowed")
    ]


def test_the_body_has_at_most_max_total_text_characters() -> None:
    block = {"type": "code", "code": "x" * MAX_BLOCK_TEXT}
    count = MAX_TOTAL_TEXT // MAX_BLOCK_TEXT

    assert len(parse_body([block] * count)) == count
    assert problems([block] * count + [{"type": "paragraph", "text": "x"}]) == [
        ("body", "has 1000001 characters of text; at most 1000000 allowed")
    ]


def test_length_problems_are_reported_alongside_other_problems() -> None:
    half = "x" * (MAX_BLOCK_TEXT // 2)
    raw = [
        {"type": "heading", "level": 1, "text": "x"},
        {"type": "list", "style": "ordered", "items": [half, half, "x"]},
    ]

    assert fields(raw) == ["body.0.level", "body.1"]
