"""Real HTTP servers on 127.0.0.1 that serve what a test declares (importable: `from sitekit import ...`)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest

from scrapeguard.demo.site import LoopbackServer

Reply = tuple[int, dict[str, str] | list[tuple[str, str]], bytes]
Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


@dataclass
class Site:
    """A real HTTP server on 127.0.0.1. `routes` maps a path (with query) to
    `(status, headers, body)` or to a callable returning one; unknown paths are 404.
    `hits` records every requested path, so tests can assert what was fetched."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    server: LoopbackServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.hits.append(self.path)
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            elif callable(route):
                status, headers, body = route(self)
            else:
                status, headers, body = route
            self.send_response(status)
            pairs = headers.items() if isinstance(headers, dict) else headers
            names = set()
            for name, value in pairs:
                names.add(name.lower())
                self.send_header(name, value)
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":  # (a HEAD answer has no body: one written broke the next answer)
                self.wfile.write(body)

        do_HEAD = do_GET

    return Handler


def start_site(routes: dict[str, Route] | None = None) -> Site:
    site = Site(routes=dict(routes or {}))
    site.server = LoopbackServer(("127.0.0.1", 0), _handler(site))
    threading.Thread(target=site.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site


@pytest.fixture
def site_factory() -> Iterator[Callable[..., Site]]:
    """Start as many local sites as a test needs (a page host, a CDN host …)."""
    started: list[Site] = []

    def make(routes: dict[str, Route] | None = None) -> Site:
        s = start_site(routes)
        started.append(s)
        return s

    yield make
    for s in started:
        assert s.server is not None
        s.server.shutdown()
        s.server.server_close()


@pytest.fixture
def site(site_factory: Callable[..., Site]) -> Site:
    return site_factory()


@contextlib.contextmanager
def unused_port() -> Iterator[int]:
    """A port on 127.0.0.1 that nothing listens on, for as long as the block runs: bound, not listening (a
    connection to it is refused at once), so no other server can take it meanwhile. A port bound and closed at
    once is only free for the moment: the other test worker's servers bind ports too, and one there would
    answer in place of the host that is down."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def html(body: str, **headers: str) -> Reply:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body.encode("utf-8")


def text(body: str, status: int = 200, **headers: str) -> Reply:
    return status, {"Content-Type": "text/plain", **headers}, body.encode("utf-8")


# A Next.js page preloading its portrait in Link fields (Next.js sends one for a priority image, with an
# `imagesrcset` of its sizes), beside a stylesheet's and the canonical address: what a redacted copy keeps
PRELOADING_PAGE: Reply = (200, [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Link", '</img/alice.jpg>; rel=preload; as="image"; fetchpriority="high"'),
    ("Link", '</app.css>; rel=preload; as="style", </_next/image?url=%2Fimg%2Fx.png&w=640>; rel=preload; as="image"; '
             'imagesrcset="/img/alice.jpg?w=640 640w, /img/alice.jpg?w=1080 1080w"; imagesizes="100vw"'),
    ("Link", '<https://example.org/team/alice/>; rel="canonical"'),
], b'<img src="/img/alice.jpg" alt="Portrait of Alice Example"><p>bio</p>')
LINKS_KEPT = ['</app.css>; rel=preload; as="style"', '<https://example.org/team/alice/>; rel="canonical"']
# A profile page that names its portrait only in its answer's header fields, a Link preload and a Refresh on to it:
# a redacted copy keeps the stylesheet's link alone
HEADER_PORTRAIT_PAGE: Reply = (200, [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Link", '</p/jane-doe.jpg>; rel=preload; as=image, </app.css>; rel=preload; as="style"'),
    ("Refresh", "5; url=/p/jane-doe-2.jpg"),
], b'<html><head><meta property="og:type" content="profile"><title>Jane Doe | Profile</title></head>'
   b'<body><p>Jane</p></body></html>')
HEADER_LINKS_KEPT = ['</app.css>; rel=preload; as="style"']
