"""A translation's draft as submitted: its checks, and the revision it turns into."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from app.errors import ErrorCode, FieldProblem, ValidationFailed
from modules.content.body import (
    Body,
    body_from_html,
    body_from_markdown,
    body_to_json,
    parse_body,
)
from modules.content.entries.models import RevisionRow
from modules.content.settings import ContentSettings

__all__ = ["BODY_VERSION", "Draft", "DraftInput", "draft_of", "merge_draft"]

BODY_VERSION = 1
_LIMITS = {"title": 300, "excerpt": 2000, "seo_title": 300, "seo_description": 1000}


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftInput:
    """What a caller sends for a translation; None leaves a field as it is (on update).

    Exactly one of ``body`` (blocks as JSON), ``body_markdown`` and ``body_html`` may be given.
    An empty string clears ``excerpt``, ``seo_title``, ``seo_description`` and
    ``canonical_url``.
    """

    title: str | None = None
    slug: str | None = None
    body: object = None
    body_markdown: str | None = None
    body_html: str | None = None
    excerpt: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    canonical_url: str | None = None
    seo_image_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """The complete content of one revision."""

    title: str
    slug: str
    body: Body
    excerpt: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    canonical_url: str | None = None
    seo_image_id: uuid.UUID | None = None

    def revision_values(self) -> dict[str, Any]:
        """Return the columns of a revision row holding this draft."""
        return {
            "title": self.title,
            "slug": self.slug,
            "body": body_to_json(self.body),
            "body_version": BODY_VERSION,
            "excerpt": self.excerpt,
            "seo_title": self.seo_title,
            "seo_description": self.seo_description,
            "canonical_url": self.canonical_url,
            "seo_image_asset_id": self.seo_image_id,
        }


def draft_of(revision: RevisionRow) -> Draft:
    """Return the draft a stored revision holds."""
    return Draft(
        title=revision.title,
        slug=revision.slug,
        body=parse_body(revision.body),
        excerpt=revision.excerpt,
        seo_title=revision.seo_title,
        seo_description=revision.seo_description,
        canonical_url=revision.canonical_url,
        seo_image_id=revision.seo_image_asset_id,
    )


def _body(given: DraftInput, settings: ContentSettings) -> Body | None:
    sources = [
        name
        for name, value in (
            ("body", given.body),
            ("bodyMarkdown", given.body_markdown),
            ("bodyHtml", given.body_html),
        )
        if value is not None
    ]
    if len(sources) > 1:
        raise ValidationFailed(f"give one of {', '.join(sources)}, not several", field=sources[1])
    if given.body is not None:
        return parse_body(given.body, field="body")
    if given.body_markdown is not None:
        return body_from_markdown(given.body_markdown)
    if given.body_html is not None:
        if not settings.html_input_allowed:
            raise ValidationFailed("this site does not accept HTML input", field="bodyHtml")
        return body_from_html(given.body_html)
    return None


def _text_problems(given: DraftInput) -> list[FieldProblem]:
    problems = []
    for name, limit in _LIMITS.items():
        value = getattr(given, name)
        if value is not None and len(value) > limit:
            field = {"seo_title": "seo.title", "seo_description": "seo.description"}.get(name, name)
            problems.append(
                FieldProblem(ErrorCode.VALIDATION, f"at most {limit} characters", field)
            )
    if given.title is not None and not given.title.strip():
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a title", "title"))
    url = given.canonical_url
    if url and (len(url) > 2000 or not url.startswith(("https://", "http://"))):
        problems.append(
            FieldProblem(ErrorCode.VALIDATION, "an absolute http(s) URL", "seo.canonicalUrl")
        )
    return problems


def _cleared(value: str | None, old: str | None) -> str | None:
    if value is None:
        return old
    return value.strip() or None


def merge_draft(
    old: Draft | None, given: DraftInput, settings: ContentSettings, *, slug: str
) -> Draft:
    """Return ``old`` with what ``given`` changes (a whole new draft when ``old`` is None).

    Raises:
        ValidationFailed: every problem of the input at once, each naming its field.
    """
    problems = _text_problems(given)
    if old is None and given.title is None:
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a title", "title"))
    if problems:
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)
    body = _body(given, settings)
    base = old or Draft(title="", slug=slug, body=())
    return replace(
        base,
        title=given.title.strip() if given.title is not None else base.title,
        slug=slug,
        body=body if body is not None else base.body,
        excerpt=_cleared(given.excerpt, base.excerpt),
        seo_title=_cleared(given.seo_title, base.seo_title),
        seo_description=_cleared(given.seo_description, base.seo_description),
        canonical_url=_cleared(given.canonical_url, base.canonical_url),
        seo_image_id=given.seo_image_id if given.seo_image_id is not None else base.seo_image_id,
    )
