"""Blog's permissions (``blog.<verb>_<object>``)."""

from __future__ import annotations

from app.registry import Permission

__all__ = [
    "DELETE_POSTS",
    "EDIT_POSTS",
    "MANAGE_AUTHORS",
    "MODERATE_COMMENTS",
    "PERMISSIONS",
    "PUBLISH_POSTS",
    "VIEW_POSTS",
]

VIEW_POSTS = Permission(
    "blog.view_posts", "Read posts in every state and author profiles' private fields."
)
EDIT_POSTS = Permission("blog.edit_posts", "Create posts and edit their blog fields and content.")
PUBLISH_POSTS = Permission("blog.publish_posts", "Publish, schedule, unpublish and archive posts.")
DELETE_POSTS = Permission("blog.delete_posts", "Delete posts.")
MANAGE_AUTHORS = Permission("blog.manage_authors", "Create, edit and delete author profiles.")
MODERATE_COMMENTS = Permission(
    "blog.moderate_comments",
    "See every comment with guest e-mail, approve, mark as spam, delete.",
)
PERMISSIONS = (
    VIEW_POSTS,
    EDIT_POSTS,
    PUBLISH_POSTS,
    DELETE_POSTS,
    MANAGE_AUTHORS,
    MODERATE_COMMENTS,
)
