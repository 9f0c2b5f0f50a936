"""Seeding blog posts for the ``blogPosts`` listing: 10 authors, then published posts.

Post n is written by author n mod 10 (and, for every third post, by the next author too),
filed in category n mod 10 with the tags of entry n (``bench._listing_db.tag_numbers``),
created with blog's ``create_post`` and published with ``publish_post`` as the system.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from bench._listing_db import CATEGORIES, tag_numbers

__all__ = ["AUTHORS", "post_writer"]

AUTHORS = 10

Writer = Callable[[Any, str, int, list[uuid.UUID], list[uuid.UUID]], Awaitable[None]]


async def post_writer(ctx: Any) -> Writer:
    """Create the authors; return the function that writes and publishes post n."""
    from modules.blog.authors import AuthorFields, create_author

    authors = [
        await create_author(
            ctx, AuthorFields(slug=f"author-{n:02}", display_name=f"Author {n:02}", bio={})
        )
        for n in range(AUTHORS)
    ]

    async def write(
        ctx: Any, locale: str, number: int, categories: list[uuid.UUID], tags: list[uuid.UUID]
    ) -> None:
        from modules.blog.posts import PostFields, create_post, publish_post
        from modules.content.api import DraftInput, EntryFields

        byline = [authors[number % AUTHORS]]
        if number % 3 == 0:
            byline.append(authors[(number + 1) % AUTHORS])
        draft = DraftInput(
            title=f"Post {number:04}: on listings",
            slug=f"post-{number:04}",
            excerpt=f"The excerpt of post {number:04}, a sentence or two long as excerpts are.",
            body_markdown=f"# Post {number:04}\n\nA paragraph of body text for post {number:04}.",
        )
        fields = EntryFields(
            category_ids=[categories[number % CATEGORIES]],
            tag_ids=[tags[n] for n in tag_numbers(number)],
        )
        post_id, _ = await create_post(
            ctx,
            locale=locale,
            draft=draft,
            entry_fields=fields,
            fields=PostFields(author_ids=byline),
        )
        await publish_post(ctx, post_id, locale, None)

    return write
