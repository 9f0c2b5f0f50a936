"""RUSTOK_MAIL_URL: parsing, and a bad value failing at start-up with the variable's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ConfigurationError, load_settings
from app.email.mail_url import FileTarget, SmtpTarget, parse_mail_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file://var/mail", FileTarget(Path("var/mail"))),
        ("file:///srv/mail", FileTarget(Path("/srv/mail"))),
        ("smtp://mail.test", SmtpTarget("mail.test", 25)),
        (
            "smtp://mail.test:587?starttls=true&user=u&password=p&timeout=5",
            SmtpTarget("mail.test", 587, "u", "p", start_tls=True, timeout=5.0),
        ),
        ("smtp://u%40x:p%3Aq@mail.test:2525", SmtpTarget("mail.test", 2525, "u@x", "p:q")),
        ("smtps://mail.test", SmtpTarget("mail.test", 465, use_tls=True, start_tls=False)),
        (
            "smtp://mail.test:2465?ssl=yes",
            SmtpTarget("mail.test", 2465, use_tls=True, start_tls=False),
        ),
        ("smtp://mail.test?starttls=off", SmtpTarget("mail.test", 25, start_tls=False)),
    ],
)
def test_valid_urls(url: str, expected: object) -> None:
    assert parse_mail_url(url) == expected


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://mail.test", "use file://<folder> or smtp://host:port, got http://"),
        ("var/mail", "got no scheme://"),
        ("file://", "needs a folder"),
        ("smtp://", "needs a host"),
        ("smtp://mail.test:99999", "port must be a number"),
        ("smtp://mail.test?tls=1", "unknown mail URL parameters: tls"),
        ("smtp://mail.test?starttls=maybe", "starttls must be true or false"),
        ("smtp://mail.test?timeout=-1", "timeout must be between 0 and 300"),
        ("smtp://mail.test?timeout=soon", "timeout must be a number"),
    ],
)
def test_invalid_urls(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("?", r"\?").replace("+", r"\+")):
        parse_mail_url(url)


def test_a_bad_mail_url_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="RUSTOK_MAIL_URL: Value error, use file://"):
        load_settings(_env_file=None, debug=True, mail_url="ftp://x")
