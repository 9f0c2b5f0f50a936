"""Input objects of blog's mutations, and their conversion to the services' inputs."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.graphql.global_ids import local_id
from modules.blog.authors import AuthorFields, AuthorLink
from modules.blog.posts import PostFields
from modules.content import api as content

__all__ = [
    "BlogAuthorCreateInput",
    "BlogAuthorLinkInput",
    "BlogAuthorUpdateInput",
    "BlogPostCreateInput",
    "BlogPostPublishInput",
    "BlogPostRefInput",
    "BlogPostUpdateInput",
    "LocalizedTextInput",
    "author_fields",
    "draft_of",
    "entry_fields_of",
    "has_draft",
    "has_entry_fields",
    "post_fields_of",
]


@strawberry.input(description="The fields of a post (absent: unchanged on update).")
class _PostFields:
    title: str | None = strawberry.field(default=None, description="The title.")
    slug: str | None = strawberry.field(
        default=None, description="The slug; generated from the title when absent on create."
    )
    body: JSON | None = strawberry.field(
        default=None, description="The body as blocks (one of body, bodyMarkdown, bodyHtml)."
    )
    body_markdown: str | None = strawberry.field(
        default=None, description="The body as CommonMark, converted to blocks."
    )
    body_html: str | None = strawberry.field(
        default=None, description="The body as HTML, sanitized and converted to blocks."
    )
    excerpt: str | None = strawberry.field(default=None, description="A short summary.")
    seo: content.SeoInput | None = strawberry.field(default=None, description="The SEO fields.")
    cover_image_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="An `Asset` ID; null removes the cover."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="`ContentCategory` IDs, replacing the current ones."
    )
    tag_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="`ContentTag` IDs, replacing the current ones."
    )
    tag_names: list[str] | None = strawberry.field(
        default=None, description="Tag names; missing tags are created. Adds to `tagIds`."
    )
    author_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="`BlogAuthor` IDs in byline order (at least one on create)."
    )
    is_featured: bool | None = strawberry.field(default=None, description="Feature the post.")
    comments_enabled: bool | None = strawberry.field(
        default=None, description="Whether the post takes comments (default true)."
    )


@strawberry.input(description="A new post, as a draft in its first locale.")
class BlogPostCreateInput(_PostFields):
    """Input of blogPostCreate."""

    locale: str | None = strawberry.field(
        default=None, description="The first translation's locale (default: the site's)."
    )


@strawberry.input(description="Changes to a post: a locale's draft and/or shared fields.")
class BlogPostUpdateInput(_PostFields):
    """Input of blogPostUpdate."""

    id: strawberry.ID = strawberry.field(description="The `BlogPost` ID.")
    locale: str | None = strawberry.field(
        default=None, description="The translation to save (default: the site's)."
    )


@strawberry.input(description="One locale of a post, for a workflow step.")
class BlogPostRefInput:
    """A post and locale."""

    id: strawberry.ID = strawberry.field(description="The `BlogPost` ID.")
    locale: str | None = strawberry.field(
        default=None, description="The locale (default: the site's)."
    )


@strawberry.input(description="Publish a post now, or schedule it.")
class BlogPostPublishInput(BlogPostRefInput):
    """Input of blogPostPublish."""

    publish_at: datetime | None = strawberry.field(
        default=None, description="A future time to go live; absent publishes now."
    )


@strawberry.input(description="A text in one locale.")
class LocalizedTextInput:
    """A localized text."""

    locale: str = strawberry.field(description="The locale (BCP 47).")
    value: str = strawberry.field(description="The text.")


@strawberry.input(description="A link on an author's profile.")
class BlogAuthorLinkInput:
    """A profile link."""

    label: str = strawberry.field(description="What the link is.")
    url: str = strawberry.field(description="An absolute http(s) URL.")


@strawberry.input(description="An author's fields (absent: unchanged on update).")
class _AuthorFields:
    user_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The `User` the profile belongs to; null: none."
    )
    avatar_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="An `Asset` ID for the portrait; null removes it."
    )
    slug: str | None = strawberry.field(default=None, description="The profile's slug.")
    display_name: str | None = strawberry.field(default=None, description="The byline name.")
    bio: list[LocalizedTextInput] | None = strawberry.field(
        default=None, description="The biography per locale, replacing the current one."
    )
    links: list[BlogAuthorLinkInput] | None = strawberry.field(
        default=None, description="Links, replacing the current ones."
    )


@strawberry.input(description="A new author profile.")
class BlogAuthorCreateInput(_AuthorFields):
    """Input of blogAuthorCreate."""


@strawberry.input(description="Changes to an author profile.")
class BlogAuthorUpdateInput(_AuthorFields):
    """Input of blogAuthorUpdate."""

    id: strawberry.ID = strawberry.field(description="The `BlogAuthor` ID.")


def draft_of(given: _PostFields) -> content.DraftInput:
    """Return content's draft input of a post input."""
    seo = given.seo or content.SeoInput()
    image = local_id(seo.image_id, "Asset", "seo.imageId") if seo.image_id is not None else None
    return content.DraftInput(
        title=given.title,
        slug=given.slug,
        body=given.body,
        body_markdown=given.body_markdown,
        body_html=given.body_html,
        excerpt=given.excerpt,
        seo_title=seo.title,
        seo_description=seo.description,
        canonical_url=seo.canonical_url,
        seo_image_id=image,
    )


def has_draft(given: _PostFields) -> bool:
    """Return whether the input changes a translation's draft."""
    fields = (given.title, given.slug, given.body, given.body_markdown, given.body_html)
    return any(value is not None for value in (*fields, given.excerpt, given.seo))


def _ids(values: list[strawberry.ID] | None, type_name: str, field: str) -> list[uuid.UUID] | None:
    if values is None:
        return None
    return [local_id(value, type_name, f"{field}.{n}") for n, value in enumerate(values)]


def entry_fields_of(given: _PostFields) -> content.EntryFields:
    """Return content's shared entry fields of a post input."""
    cover: uuid.UUID | content.Keep | None = content.KEEP
    if given.cover_image_id is not strawberry.UNSET:
        cover = (
            local_id(given.cover_image_id, "Asset", "coverImageId")
            if given.cover_image_id is not None
            else None
        )
    return content.EntryFields(
        cover_image_id=cover,
        category_ids=_ids(given.category_ids, "ContentCategory", "categoryIds"),
        tag_ids=_ids(given.tag_ids, "ContentTag", "tagIds"),
        tag_names=given.tag_names,
    )


def has_entry_fields(given: _PostFields) -> bool:
    """Return whether the input changes the entry's shared fields."""
    shared = (given.category_ids, given.tag_ids, given.tag_names)
    return given.cover_image_id is not strawberry.UNSET or any(v is not None for v in shared)


def post_fields_of(given: _PostFields) -> PostFields:
    """Return blog's fields of a post input."""
    return PostFields(
        author_ids=_ids(given.author_ids, "BlogAuthor", "authorIds"),
        is_featured=given.is_featured,
        comments_enabled=given.comments_enabled,
    )


def author_fields(given: _AuthorFields) -> AuthorFields:
    """Return the service's fields of an author input."""
    user: uuid.UUID | content.Keep | None = content.KEEP
    if given.user_id is not strawberry.UNSET:
        user = local_id(given.user_id, "User", "userId") if given.user_id is not None else None
    avatar: uuid.UUID | content.Keep | None = content.KEEP
    if given.avatar_id is not strawberry.UNSET:
        avatar = (
            local_id(given.avatar_id, "Asset", "avatarId") if given.avatar_id is not None else None
        )
    return AuthorFields(
        avatar_id=avatar,
        slug=given.slug,
        display_name=given.display_name,
        bio={item.locale: item.value for item in given.bio} if given.bio is not None else None,
        links=[AuthorLink(label=link.label, url=link.url) for link in given.links]
        if given.links is not None
        else None,
        user_id=user,
    )
