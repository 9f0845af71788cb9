"""The local test server itself behaves like a web server."""

import httpx

from sitekit import html, text


def test_serves_declared_routes_and_404s_the_rest(site_factory):
    site = site_factory({"/": html("<p>hi</p>"), "/robots.txt": text("User-agent: *\nDisallow:\n")})
    assert httpx.get(site.url("/")).text == "<p>hi</p>"
    assert httpx.get(site.url("/nope")).status_code == 404
    assert site.hits == ["/", "/nope"]



def test_a_head_answer_has_no_body(site_factory):
    """A body after a HEAD answer is read by a kept-alive client as the start of its next answer."""
    import socket
    from urllib.parse import urlsplit

    site = site_factory({"/": html("<p>hi</p>")})
    where = urlsplit(site.url("/"))
    with socket.create_connection((where.hostname, where.port), timeout=5) as conn:
        conn.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"Content-Length: 9" in head
    assert rest.startswith(b"HTTP/1.1 200")  # the GET's answer comes next, nothing between
    assert rest.endswith(b"<p>hi</p>")
