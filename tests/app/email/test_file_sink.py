"""The development sink: one .eml file per message, in order, never half written."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from app.config import Settings
from app.email import FileSink, MailTemplates, compose, sender_for_url
from app.email.templates import RenderedMail

SENT_AT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def _message(subject: str, recipient: str = "reader@example.test") -> RenderedMail:
    return RenderedMail(locale="en", subject=subject, text=f"{subject}\n", html=f"<p>{subject}</p>")


async def test_messages_become_eml_files_in_sending_order(tmp_path: Path) -> None:
    folder = tmp_path / "mail" / "nested"
    sink = sender_for_url(f"file://{folder}")
    assert isinstance(sink, FileSink)
    assert sink.messages() == []
    for subject in ("first", "second", "third"):
        await sink.send(
            compose(_message(subject), sender="a@acme.test", recipient="r@x.test", sent_at=SENT_AT)
        )
    files = sink.messages()
    assert [path.suffix for path in files] == [".eml"] * 3
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in files]  # no leftovers
    subjects = [message_from_bytes(p.read_bytes(), policy=default)["Subject"] for p in files]
    assert subjects == ["first", "second", "third"]


def test_the_default_is_var_mail_relative_to_the_working_directory() -> None:
    settings = Settings(_env_file=None, debug=True)
    sink = sender_for_url(settings.mail_url)
    assert isinstance(sink, FileSink)
    assert sink.folder == Path("var/mail")


async def test_a_rendered_mail_round_trips_through_the_sink(tmp_path: Path) -> None:
    rendered = MailTemplates().render(
        "customer_verify_email",
        "en",
        {
            "display_name": "Ada",
            "tenant_name": "Acme",
            "link": "http://localhost:3000/acme/verify-email?token=abc",
            "valid_hours": 48,
        },
    )
    sink = FileSink(tmp_path)
    await sink.send(
        compose(
            rendered, sender="Acme <a@acme.test>", recipient="ada@example.test", sent_at=SENT_AT
        )
    )
    (path,) = sink.messages()
    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert parsed["To"] == "ada@example.test"
    assert parsed["Subject"] == "Confirm your email address for Acme"
    body = parsed.get_body(("plain",))
    assert body is not None
    assert "http://localhost:3000/acme/verify-email?token=abc" in body.get_content()
