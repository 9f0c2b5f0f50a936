"""The SSRF guard: bypass forms refused, public forms accepted; no traffic, no real DNS."""

from __future__ import annotations

import ipaddress

import pytest

from app.webhooks.ssrf import UrlGuard, address_problem
from app.webhooks.urls import UnsafeUrl
from tests.support.resolvers import PUBLIC_ADDRESS, StaticResolver

_NAMES = {
    "internal.example.test": ["10.1.2.3"],
    "loop.example.test": ["127.0.0.1"],
    "v6loop.example.test": ["::1"],
    "mapped.example.test": ["::ffff:169.254.169.254"],
    "mixed.example.test": ["93.184.215.14", "192.168.1.1"],
    "meta.example.test": ["169.254.169.254"],
    "cgnat.example.test": ["100.64.0.1"],
    "nothing.example.test": [],
    "dual.example.test": ["93.184.215.14", "2606:2800:220:1:248:1893:25c8:1946"],
    "localhost": ["127.0.0.1", "::1"],
}

REFUSED = [
    "http://127.0.0.1/",
    "http://127.0.0.1./",
    "http://127.255.255.254:8080/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0X7F000001/",
    "http://0177.0.0.1/",
    "http://0177.0000.0000.0001/",
    "http://127.1/",
    "http://127.0.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[fe80::1%25eth0]/",
    "http://[fe80::1]/",
    "http://[fd00:ec2::254]/",
    "http://[ff02::1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/",
    "http://100.100.100.200/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.0.1/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://240.0.0.1/",
    "http://192.0.2.1/",
    "http://LOCALHOST/",
    "http://localhost./",
    "http://api.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.GOOGLE.INTERNAL./",
    "http://good@127.0.0.1/",
    "http://good.example.test@127.0.0.1/",
    "http://user:pass@hooks.example.test/",
    "http://127.0.0.1\\@hooks.example.test/",
    "http://hooks.example.test /",
    "http://internal.example.test/",
    "http://loop.example.test/",
    "http://v6loop.example.test/",
    "http://mapped.example.test/",
    "http://mixed.example.test/",
    "http://meta.example.test/",
    "http://cgnat.example.test/",
    "http://nothing.example.test/",
    "http://unknown.invalid/",
    "ftp://hooks.example.test/",
    "file:///etc/passwd",
    "gopher://hooks.example.test/",
    "javascript:alert(1)",
    "//hooks.example.test/",
    "http:///x",
    "http://[::1/",
    "http://hooks.example.test:0/",
    "http://hooks.example.test:99999/",
]

ACCEPTED = [
    ("https://hooks.example.test/in", (PUBLIC_ADDRESS,)),
    ("HTTPS://HOOKS.EXAMPLE.TEST./in?x=1", (PUBLIC_ADDRESS,)),
    ("http://93.184.215.14:8080/hook", (PUBLIC_ADDRESS,)),
    ("https://[2606:2800:220:1:248:1893:25c8:1946]/", ("2606:2800:220:1:248:1893:25c8:1946",)),
    ("https://dual.example.test/", (PUBLIC_ADDRESS, "2606:2800:220:1:248:1893:25c8:1946")),
    ("https://xn--bcher-kva.test/", (PUBLIC_ADDRESS,)),
]


def _guard(*, allow_private: bool = False) -> UrlGuard:
    return UrlGuard(StaticResolver(_NAMES), allow_private=allow_private)


def test_there_are_at_least_thirty_bypass_forms() -> None:
    assert len(REFUSED) >= 30


@pytest.mark.parametrize("url", REFUSED)
async def test_bypass_forms_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        await _guard().check(url)


@pytest.mark.parametrize(("url", "addresses"), ACCEPTED)
async def test_public_forms_are_accepted_with_their_checked_addresses(
    url: str, addresses: tuple[str, ...]
) -> None:
    checked = await _guard().check(url)
    assert checked.url.url == url
    assert checked.addresses == tuple(ipaddress.ip_address(a) for a in addresses)


async def test_a_name_is_resolved_once() -> None:
    resolver = StaticResolver(_NAMES)
    await UrlGuard(resolver).check("https://dual.example.test/")
    assert resolver.calls == ["dual.example.test"]


async def test_a_literal_address_is_never_resolved() -> None:
    resolver = StaticResolver(_NAMES)
    await UrlGuard(resolver).check("http://93.184.215.14/")
    assert resolver.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/",
        "http://[::1]/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://loop.example.test/",
        "http://internal.example.test/",
        "http://cgnat.example.test/",
    ],
)
async def test_allowing_private_lets_loopback_and_private_through(url: str) -> None:
    await _guard(allow_private=True).check(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/",
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/",
        "http://meta.example.test/",
        "http://mapped.example.test/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://2130706433/",
    ],
)
async def test_allowing_private_never_lets_metadata_or_odd_forms_through(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        await _guard(allow_private=True).check(url)


def test_the_message_names_the_kind() -> None:
    assert address_problem(ipaddress.ip_address("::ffff:10.0.0.1")) == "private"
    assert address_problem(ipaddress.ip_address("169.254.169.254")) == "a cloud metadata address"
    assert address_problem(ipaddress.ip_address("198.18.0.1")) == "reserved"
    assert address_problem(ipaddress.ip_address("8.8.8.8")) is None
