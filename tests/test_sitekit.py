"""The local test server itself behaves like a web server."""

import httpx

from sitekit import html, text


def test_serves_declared_routes_and_404s_the_rest(site_factory):
    site = site_factory({"/": html("<p>hi</p>"), "/robots.txt": text("User-agent: *\nDisallow:\n")})
    assert httpx.get(site.url("/")).text == "<p>hi</p>"
    assert httpx.get(site.url("/nope")).status_code == 404
    assert site.hits == ["/", "/nope"]
