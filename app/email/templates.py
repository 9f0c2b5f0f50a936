"""Mail templates per locale (Jinja2): a subject, a plain-text body and an HTML body.

Each message ``name`` lives in ``templates/<locale>/``: ``<name>.subject.txt``,
``<name>.txt`` and ``<name>.html``. A locale falls back to its language (``de-AT`` → ``de``),
then to English. The HTML body is autoescaped: values a customer typed (a display name) are
shown as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

__all__ = ["DEFAULT_LOCALE", "TEMPLATES_DIR", "MailTemplates", "RenderedMail", "compose"]

DEFAULT_LOCALE = "en"
TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class RenderedMail:
    """A message's text in one locale, ready to be addressed."""

    locale: str
    subject: str
    text: str
    html: str


class MailTemplates:
    """Renders the templates of one folder tree (``<locale>/<name>.*``)."""

    def __init__(self, root: Path = TEMPLATES_DIR) -> None:
        self.root = root
        self._environment = Environment(
            loader=FileSystemLoader(root),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def locale_for(self, name: str, locale: str) -> str:
        """Return the locale whose templates render ``name`` for a reader of ``locale``."""
        wanted = locale.strip().lower()
        for candidate in (wanted, wanted.partition("-")[0], DEFAULT_LOCALE):
            if candidate and (self.root / candidate / f"{name}.txt").is_file():
                return candidate
        raise LookupError(f"no mail template {name!r} in {self.root}")

    def render(self, name: str, locale: str, values: Mapping[str, object]) -> RenderedMail:
        """Render message ``name`` for ``locale`` with ``values``."""
        chosen = self.locale_for(name, locale)

        def part(suffix: str) -> str:
            return self._environment.get_template(f"{chosen}/{name}{suffix}").render(values)

        subject = " ".join(part(".subject.txt").split())
        return RenderedMail(chosen, subject, part(".txt"), part(".html"))


def compose(
    rendered: RenderedMail, *, sender: str, recipient: str, sent_at: datetime
) -> EmailMessage:
    """Address a rendered message: plain text with an HTML alternative, dated ``sent_at``."""
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = Address(addr_spec=recipient)
    message["Date"] = format_datetime(sent_at, usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    message["Content-Language"] = rendered.locale  # after set_content, which drops Content-*
    return message


def _domain_of(sender: str) -> str:
    address = sender.rpartition("<")[2].rstrip(">").strip()
    return address.rpartition("@")[2] or "localhost"
