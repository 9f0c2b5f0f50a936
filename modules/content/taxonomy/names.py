"""Localized names and slugs of categories and tags: checked against the tenant's locales."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.errors import ErrorCode, FieldProblem, ValidationFailed
from modules.content.settings import ContentSettings

__all__ = [
    "MAX_NAME",
    "MAX_SLUG",
    "LocalizedName",
    "check_names",
    "check_slug",
    "localized_name",
    "slugify",
]

MAX_SLUG = 100
MAX_NAME = 200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class LocalizedName:
    """A name in one locale, as given (``names.<n>`` in the input)."""

    locale: str
    value: str


def slugify(text: str) -> str:
    """Return ``text`` as lowercase ASCII words joined by ``-`` (empty when none remain)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_SLUG.sub("-", folded).strip("-")[:MAX_SLUG].strip("-")


def check_slug(slug: str, *, field: str = "slug") -> str:
    """Return ``slug`` if it is well formed; VALIDATION naming ``field`` otherwise."""
    if not 1 <= len(slug) <= MAX_SLUG or not _SLUG.match(slug):
        raise ValidationFailed(
            "a slug is 1-100 lowercase letters, digits and single hyphens, like `local-news`",
            field=field,
        )
    return slug


def _problems(names: Sequence[LocalizedName], locales: Sequence[str]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    seen: set[str] = set()
    for n, name in enumerate(names):
        if name.locale not in locales:
            allowed = ", ".join(locales)
            message = f"{name.locale!r} is not one of the site's locales ({allowed})"
            problems.append(FieldProblem(ErrorCode.VALIDATION, message, f"names.{n}.locale"))
        elif name.locale in seen:
            message = f"{name.locale!r} is named twice"
            problems.append(FieldProblem(ErrorCode.VALIDATION, message, f"names.{n}.locale"))
        seen.add(name.locale)
        if not 1 <= len(name.value.strip()) <= MAX_NAME:
            message = f"a name is 1-{MAX_NAME} characters"
            problems.append(FieldProblem(ErrorCode.VALIDATION, message, f"names.{n}.value"))
    return problems


def check_names(names: Sequence[LocalizedName], settings: ContentSettings) -> dict[str, str]:
    """Return ``names`` as a locale → name map; VALIDATION listing every problem otherwise.

    Each locale must be one of the tenant's, at most once; the default locale is required.
    """
    problems = _problems(names, settings.locales)
    if not problems and settings.default_locale not in {name.locale for name in names}:
        message = f"give a name in the default locale {settings.default_locale!r}"
        problems.append(FieldProblem(ErrorCode.VALIDATION, message, "names"))
    if problems:
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)
    return {name.locale: name.value.strip() for name in names}


def localized_name(names: Mapping[str, str], locale: str, default_locale: str) -> str:
    """Return the name in ``locale``, else in ``default_locale``, else the first by locale."""
    found = names.get(locale) or names.get(default_locale)
    if found:
        return found
    return next((names[key] for key in sorted(names) if names[key]), "")
