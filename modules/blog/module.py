"""THE declaration of the blog module: read this file to know all that blog adds.

Blog builds on content: a post is a content entry of kind ``post`` plus blog's own row,
reached through ``modules.content.api`` and content's events only.
"""

from __future__ import annotations

from pathlib import Path

from strawberry.tools import merge_types

from app.registry import GraphQLContribution, Module
from modules.blog.events import EVENTS
from modules.blog.feeds import ROUTES
from modules.blog.graphql.comment_types import BlogComment
from modules.blog.graphql.mutations.authors import AuthorMutation
from modules.blog.graphql.mutations.comments import CommentMutation, CommentQuery
from modules.blog.graphql.mutations.posts import PostMutation
from modules.blog.graphql.nodes import BLOG_NODES
from modules.blog.graphql.queries import BlogQuery
from modules.blog.graphql.types import BlogAuthor, BlogPost
from modules.blog.health import check_health
from modules.blog.jobs import PURGE_SPAM
from modules.blog.lifecycle import enable_tenant
from modules.blog.listing.models import ArchiveMonthRow, PostListingRow, PostTermRow
from modules.blog.listing.projection import LISTING
from modules.blog.listing.queries import ListingQuery
from modules.blog.mirror import MIRROR_ENTRY_WORKFLOW
from modules.blog.models import AuthorRow, CommentRow, PostAuthorRow, PostRow
from modules.blog.permissions import PERMISSIONS
from modules.blog.settings import BlogSettings

__all__ = ["module"]

module = Module(
    name="blog",
    version="0.1.0",
    description="Dated posts on content entries, author profiles, comments and feeds.",
    depends_on=("content",),
    models=(
        PostRow,
        AuthorRow,
        PostAuthorRow,
        CommentRow,
        PostListingRow,
        PostTermRow,
        ArchiveMonthRow,
    ),
    migrations=Path(__file__).parent / "migrations",
    permissions=PERMISSIONS,
    events=EVENTS,
    handlers=(MIRROR_ENTRY_WORKFLOW,),
    projections=(LISTING,),
    jobs=(PURGE_SPAM,),
    graphql=GraphQLContribution(
        query=merge_types("BlogQueries", (BlogQuery, CommentQuery, ListingQuery)),
        mutation=merge_types("BlogMutation", (PostMutation, AuthorMutation, CommentMutation)),
        types=(BlogPost, BlogAuthor, BlogComment),
        nodes=BLOG_NODES,
    ),
    settings=BlogSettings,
    health_check=check_health,
    on_tenant_enable=enable_tenant,
    routes=ROUTES,
)
