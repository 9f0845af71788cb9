"""GuardAddon's reading of mitmproxy's requests (real mitmproxy Request objects)."""

from __future__ import annotations

import pytest
from mitmproxy.test import tutils

from scrapeguard.proxy.addon import _destination


@pytest.mark.parametrize(("host", "port", "scheme", "path", "expected"), [
    ("::1", 8080, b"http", b"/x?a=1", "http://[::1]:8080/x?a=1"),  # mitmproxy writes http://::1:8080/x?a=1
    ("2001:db8::1", 443, b"https", b"/", "https://[2001:db8::1]/"),
    ("example.org", 80, b"http", b"/p", "http://example.org/p"),
    ("127.0.0.1", 8443, b"https", b"/q", "https://127.0.0.1:8443/q"),
])
def test_the_destination_is_a_url_every_parser_reads_as_that_host(host, port, scheme, path, expected) -> None:
    from scrapeguard.resource import host_of

    url = _destination(tutils.treq(host=host, port=port, scheme=scheme, authority=b"", path=path))
    assert url == expected and host_of(url) == host
