"""The client address: the peer, or X-Forwarded-For read from the right past trusted proxies."""

from __future__ import annotations

import pytest

from app.config import ConfigurationError, load_settings
from app.ratelimit import TrustedProxies
from app.ratelimit.address import limit_subject

PROXIES = TrustedProxies(["10.0.0.0/8", "192.0.2.7"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # peer not trusted: header ignored
        ("10.1.2.3", "198.51.100.1", "198.51.100.1"),
        ("10.1.2.3", "1.1.1.1, 198.51.100.1", "198.51.100.1"),  # left part is the client's say
        ("10.1.2.3", "198.51.100.1, 192.0.2.7, 10.9.9.9", "198.51.100.1"),  # chain of proxies
        ("10.1.2.3", "10.0.0.1, 10.0.0.2", "10.0.0.1"),  # all trusted: the leftmost
        ("10.1.2.3", "not-an-ip, 10.0.0.2", "10.0.0.2"),  # garbage stops at the last good hop
        ("10.1.2.3", "", "10.1.2.3"),
        ("10.1.2.3", " 2001:db8::1 ", "2001:db8::1"),
        (None, "198.51.100.1", None),
        ("testclient", None, "testclient"),  # not an address (a test transport): as given
    ],
)
def test_client_address(peer: str | None, forwarded: str | None, client: str | None) -> None:
    assert PROXIES.client_address(peer, forwarded) == client


def test_no_trusted_proxies_means_the_header_is_ignored() -> None:
    assert TrustedProxies([]).client_address("10.1.2.3", "198.51.100.1") == "10.1.2.3"


@pytest.mark.parametrize(
    ("address", "subject"),
    [
        ("198.51.100.1", "198.51.100.1"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.1", "198.51.100.1"),
        ("testclient", "testclient"),
    ],
)
def test_ipv6_clients_count_per_64(address: str, subject: str) -> None:
    assert limit_subject(address) == subject


def test_bad_proxy_settings_name_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="RUSTOK_TRUSTED_PROXIES"):
        load_settings(_env_file=None, debug=True, trusted_proxies="10.0.0.0/8,nonsense")
    with pytest.raises(ConfigurationError, match="RUSTOK_RATE_LIMIT_LOGIN_ACCOUNT"):
        load_settings(_env_file=None, debug=True, rate_limit_login_account="ten per minute")
