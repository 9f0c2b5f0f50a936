"""Blog's tenant hooks."""

from __future__ import annotations

from app.registry import ModuleContext
from modules.blog.posts import KIND
from modules.content import api as content

__all__ = ["POST_URL_PATTERN", "enable_tenant"]

POST_URL_PATTERN = "/{locale}/blog/{slug}"


async def enable_tenant(context: ModuleContext) -> None:
    """Give posts their public URL in content's settings unless the tenant set one."""
    await content.ensure_url_pattern(context.session, context.tenant_id, KIND, POST_URL_PATTERN)
