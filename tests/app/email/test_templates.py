"""Mail templates: per locale with fallback, HTML escaped, every value required."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from app.email import MailTemplates
from app.email.templates import TEMPLATES_DIR

NAMES = ("customer_verify_email", "customer_password_reset", "customer_account_exists")
VALUES = {
    "display_name": "Ada",
    "tenant_name": "Acme",
    "link": "https://shop.example/x?token=t",
    "valid_hours": 48,
    "valid_minutes": 60,
}


@pytest.mark.parametrize(
    ("wanted", "chosen"), [("de", "de"), ("de-AT", "de"), ("DE", "de"), ("fr", "en"), ("", "en")]
)
def test_a_locale_falls_back_to_its_language_then_english(wanted: str, chosen: str) -> None:
    assert MailTemplates().locale_for("customer_verify_email", wanted) == chosen


def test_every_locale_has_every_part_of_every_message() -> None:
    locales = sorted(path.name for path in TEMPLATES_DIR.iterdir() if path.is_dir())
    assert locales == ["de", "en"]
    templates = MailTemplates()
    for locale in locales:
        for name in NAMES:
            rendered = templates.render(name, locale, VALUES)
            assert rendered.locale == locale
            assert rendered.subject
            assert "\n" not in rendered.subject
            assert "Acme" in rendered.text
            assert "Ada" in rendered.text
            assert rendered.html.startswith("<!doctype html>")


def test_html_is_escaped_and_text_is_not() -> None:
    values = {**VALUES, "display_name": '<script>alert("x")</script> & Co'}
    rendered = MailTemplates().render("customer_password_reset", "en", values)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in rendered.html
    assert "<script>" not in rendered.html
    assert '<script>alert("x")</script> & Co' in rendered.text


def test_a_missing_value_fails_loudly() -> None:
    with pytest.raises(UndefinedError):
        MailTemplates().render("customer_verify_email", "en", {"display_name": "Ada"})


def test_an_unknown_message_fails(tmp_path: Path) -> None:
    with pytest.raises(LookupError, match="no mail template 'nothing'"):
        MailTemplates(tmp_path).render("nothing", "en", VALUES)
