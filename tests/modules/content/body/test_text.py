"""Tests of the plain-text views of a body: plain_text, word_count, excerpt, referenced_assets."""

from __future__ import annotations

import uuid

import pytest

from modules.content.body import (
    Body,
    excerpt,
    parse_body,
    plain_text,
    referenced_assets,
    word_count,
)

FIRST = uuid.UUID("0190a0b0-0000-7000-8000-000000000001")
SECOND = uuid.UUID("0190a0b0-0000-7000-8000-000000000002")


def sample() -> Body:
    """Return a body with one block of each type."""
    return parse_body(
        [
            {"type": "heading", "level": 2, "text": "Fish &amp; <em>chips</em>"},
            {"type": "paragraph", "text": 'Eat <a href="https://e.org">here</a>,<br>now.'},
            {"type": "list", "style": "unordered", "items": ["salt", "vinegar"]},
            {"type": "quote", "text": "Good", "cite": "A critic"},
            {"type": "code", "code": "  fry(fish)  \n"},
            {"type": "image", "asset_id": str(FIRST), "alt": "Not shown", "caption": "Shown"},
            {"type": "image", "asset_id": str(SECOND)},
            {"type": "embed", "url": "https://video.example/1"},
            {"type": "divider"},
            {"type": "image", "asset_id": str(FIRST)},
        ]
    )


def test_plain_text_has_no_tags_and_separates_blocks_by_blank_lines() -> None:
    assert plain_text(sample()) == (
        "Fish & chips\n\nEat here,\nnow.\n\nsalt\nvinegar\n\nGood\nA critic\n\nfry(fish)\n\nShown"
    )


def test_plain_text_decodes_entities_without_reviving_markup() -> None:
    body = parse_body([{"type": "paragraph", "text": "&lt;script&gt;alert(1)&lt;/script&gt;"}])

    assert plain_text(body) == "<script>alert(1)</script>"


def test_plain_text_of_an_empty_body_is_empty() -> None:
    assert plain_text(()) == ""
    assert word_count(()) == 0
    assert excerpt(()) == ""


def test_word_count_counts_visible_words() -> None:
    assert word_count(sample()) == 13  # "&" counts, as in most editors


def test_a_short_text_is_its_own_excerpt() -> None:
    body = parse_body([{"type": "paragraph", "text": "One  two\nthree"}])

    assert excerpt(body) == "One two three"
    assert excerpt(body, limit=13) == "One two three"


def test_an_excerpt_ends_at_a_word_boundary_with_an_ellipsis() -> None:
    body = parse_body([{"type": "paragraph", "text": "The quick brown fox, jumps over"}])

    assert excerpt(body, limit=12) == "The quick…"
    assert excerpt(body, limit=21) == "The quick brown fox…"
    assert excerpt(body, limit=20) == "The quick brown fox…"
    assert excerpt(body, limit=30) == "The quick brown fox, jumps…"


def test_an_excerpt_cuts_a_single_long_word() -> None:
    body = parse_body([{"type": "paragraph", "text": "x" * 300}])

    assert excerpt(body) == "x" * 199 + "…"
    assert len(excerpt(body)) == 200


def test_an_excerpt_needs_a_limit_of_two() -> None:
    with pytest.raises(ValueError, match="room"):
        excerpt(sample(), limit=1)


def test_referenced_assets_are_the_images_assets_once_each() -> None:
    assert referenced_assets(sample()) == frozenset({FIRST, SECOND})
    assert referenced_assets(()) == frozenset()
