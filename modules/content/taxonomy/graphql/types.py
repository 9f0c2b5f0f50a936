"""GraphQL types of the taxonomy: ``ContentCategory``, ``ContentTag``, ``LocalizedString``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.types import Node
from app.ids import encode_global_id
from modules.content.taxonomy.graphql import dataloaders
from modules.content.taxonomy.models import CategoryRow, TagRow
from modules.content.taxonomy.names import localized_name

__all__ = ["ContentCategory", "ContentTag", "LocalizedString"]

_Locale = Annotated[
    str | None,
    strawberry.argument(
        description="The locale wanted (default: the site's default locale, also the fallback)."
    ),
]


@strawberry.type(description="A text in one locale.")
class LocalizedString:
    """A localized text."""

    locale: str = strawberry.field(description="The locale (BCP 47).")
    value: str = strawberry.field(description="The text in that locale.")


def _localized(names: Mapping[str, str]) -> list[LocalizedString]:
    return [LocalizedString(locale=locale, value=names[locale]) for locale in sorted(names)]


@strawberry.type(description="A node of the tenant's category tree.")
class ContentCategory(Node):
    """A category."""

    slug: str = strawberry.field(description="The slug, unique among its siblings.")
    path: str = strawberry.field(
        description="The slugs from the root down to this category, joined by `/` (`news/local`)."
    )
    depth: int = strawberry.field(description="How many ancestors it has (0 for a root).")
    position: int = strawberry.field(description="Its place among its siblings (ascending).")
    row: strawberry.Private[CategoryRow]
    default_locale: strawberry.Private[str]

    @strawberry.field(description="The name in a locale, else in the default locale.")
    def name(self, locale: _Locale = None) -> str:
        """Return the localized name."""
        wanted = locale or self.default_locale
        return localized_name(self.row.names, wanted, self.default_locale)

    @strawberry.field(description="The name in every locale it has, by locale.")
    def names(self) -> list[LocalizedString]:
        """Return every name."""
        return _localized(self.row.names)

    @strawberry.field(
        description="How many published entries it has in a locale (from the read model)."
    )
    async def entry_count(self, info: Info, locale: _Locale = None) -> int:
        """Count the published entries."""
        key = (self.row.id, locale or self.default_locale)
        return await dataloaders.entry_counts(info.context).load(key)

    @strawberry.field(description="The parent category; null for a root.")
    async def parent(self, info: Info) -> ContentCategory | None:
        """Load the parent."""
        if self.row.parent_id is None:
            return None
        row = await dataloaders.categories(info.context).load(self.row.parent_id)
        return None if row is None else ContentCategory.from_row(row, self.default_locale)

    @strawberry.field(description="The child categories, by position.")
    async def children(self, info: Info) -> list[ContentCategory]:
        """Load the children."""
        rows = await dataloaders.children(info.context).load(self.row.id)
        return [ContentCategory.from_row(row, self.default_locale) for row in rows]

    @classmethod
    def from_row(cls, row: CategoryRow, default_locale: str) -> ContentCategory:
        """Build from a category row and the tenant's default locale (for name fallback)."""
        return cls(
            id=strawberry.ID(encode_global_id("ContentCategory", row.id)),
            slug=row.slug,
            path=row.path,
            depth=row.depth,
            position=row.position,
            row=row,
            default_locale=default_locale,
        )


@strawberry.type(description="A flat tag of the tenant's entries.")
class ContentTag(Node):
    """A tag."""

    slug: str = strawberry.field(description="The slug, unique in the tenant.")
    row: strawberry.Private[TagRow]
    default_locale: strawberry.Private[str]

    @strawberry.field(description="The name in a locale, else in the default locale.")
    def name(self, locale: _Locale = None) -> str:
        """Return the localized name."""
        wanted = locale or self.default_locale
        return localized_name(self.row.names, wanted, self.default_locale)

    @strawberry.field(description="The name in every locale it has, by locale.")
    def names(self) -> list[LocalizedString]:
        """Return every name."""
        return _localized(self.row.names)

    @strawberry.field(
        description="How many published entries it has in a locale (from the read model)."
    )
    async def entry_count(self, info: Info, locale: _Locale = None) -> int:
        """Count the published entries."""
        key = (self.row.id, locale or self.default_locale)
        return await dataloaders.entry_counts(info.context).load(key)

    @classmethod
    def from_row(cls, row: TagRow, default_locale: str) -> ContentTag:
        """Build from a tag row and the tenant's default locale (for name fallback)."""
        return cls(
            id=strawberry.ID(encode_global_id("ContentTag", row.id)),
            slug=row.slug,
            row=row,
            default_locale=default_locale,
        )
