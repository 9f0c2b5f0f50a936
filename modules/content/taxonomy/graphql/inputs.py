"""Input objects of the taxonomy mutations."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from modules.content.taxonomy.names import LocalizedName

__all__ = [
    "ContentCategoryCreateInput",
    "ContentCategoryUpdateInput",
    "ContentTagCreateInput",
    "ContentTagUpdateInput",
    "LocalizedStringInput",
    "localized_names",
]


@strawberry.input(description="A text in one locale.")
class LocalizedStringInput:
    """A localized text."""

    locale: str = strawberry.field(description="One of the site's locales (BCP 47).")
    value: str = strawberry.field(description="The text in that locale (1-200 characters).")


def localized_names(given: Sequence[LocalizedStringInput]) -> list[LocalizedName]:
    """Return the service's names of ``given``."""
    return [LocalizedName(locale=item.locale, value=item.value) for item in given]


@strawberry.input(description="A new category.")
class ContentCategoryCreateInput:
    """Fields of contentCategoryCreate."""

    names: list[LocalizedStringInput] = strawberry.field(
        description="The name per locale; the default locale's is required."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The parent `ContentCategory` ID; absent for a root."
    )
    slug: str | None = strawberry.field(
        default=None,
        description="Lowercase letters, digits, hyphens; from the default-locale name if absent.",
    )
    position: int | None = strawberry.field(
        default=None,
        description="Its place among its siblings (those at or after it move down); absent: last.",
    )


@strawberry.input(description="Changes to a category; absent fields stay as they are.")
class ContentCategoryUpdateInput:
    """Fields of contentCategoryUpdate."""

    id: strawberry.ID = strawberry.field(description="The `ContentCategory` ID.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Move under this `ContentCategory`; null moves it to the root.",
    )
    slug: str | None = strawberry.field(
        default=None, description="A new slug; the paths of the whole subtree follow."
    )
    names: list[LocalizedStringInput] | None = strawberry.field(
        default=None, description="Every name, replacing the current ones."
    )
    position: int | None = strawberry.field(
        default=None, description="A new place among its siblings (those at or after it move down)."
    )


@strawberry.input(description="A new tag.")
class ContentTagCreateInput:
    """Fields of contentTagCreate."""

    names: list[LocalizedStringInput] = strawberry.field(
        description="The name per locale; the default locale's is required."
    )
    slug: str | None = strawberry.field(
        default=None,
        description="Lowercase letters, digits, hyphens; from the default-locale name if absent.",
    )


@strawberry.input(description="Changes to a tag; absent fields stay as they are.")
class ContentTagUpdateInput:
    """Fields of contentTagUpdate."""

    id: strawberry.ID = strawberry.field(description="The `ContentTag` ID.")
    slug: str | None = strawberry.field(default=None, description="A new slug.")
    names: list[LocalizedStringInput] | None = strawberry.field(
        default=None, description="Every name, replacing the current ones."
    )
