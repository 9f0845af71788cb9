"""The shared end-to-end site: several hosts on 127.0.0.1 (one port each).

* main — ordinary pages and images, a profile page with a person's photo (alt text
  "portrait of …" and Person JSON-LD), an opted-out section (X-Robots-Tag: noai header,
  a `noimageai` meta tag, a robots.txt Disallow), and a redirect into a blocked CDN path.
* cdn — a CDN-like image host with its own robots.txt disallowing /blocked/.

Used by the e2e tests of all three integrations and by the benchmarks
(`start_site()`; `python tests/e2e/site.py` serves it until interrupted). Every response
is generated in memory; the face photo is the demo's public-domain portrait.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from importlib import resources
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from scrapeguard.demo.site import LoopbackServer

Reply = tuple[int, list[tuple[str, str]], bytes]
Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


def _png(color: str, size: tuple[int, int] = (160, 100), shape: str = "bars") -> bytes:
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    w, h = size
    if shape == "bars":
        for i, v in enumerate((20, 55, 35, 70)):
            d.rectangle((10 + i * 35, h - 5 - v, 35 + i * 35, h - 5), fill=color)
    else:
        d.ellipse((10, 10, w - 10, h - 10), fill=color)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def portrait_jpeg() -> bytes:
    """A real face photo (NASA portrait, public domain) shipped with the demo."""
    return resources.files("scrapeguard.demo").joinpath("assets", "portrait.jpg").read_bytes()


def _page(title: str, body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body><main>{body}</main></body></html>").encode()


def _html(body: bytes, *extra: tuple[str, str]) -> Reply:
    return 200, [("Content-Type", "text/html; charset=utf-8"), *extra], body


def _img(body: bytes, ctype: str = "image/png") -> Reply:
    return 200, [("Content-Type", ctype), ("Cache-Control", "max-age=3600")], body


def _text(body: str) -> Reply:
    return 200, [("Content-Type", "text/plain")], body.encode()


def main_routes(cdn: str) -> dict[str, Route]:
    person = json.dumps({"@context": "https://schema.org", "@type": "Person", "name": "Alice Example",
                         "jobTitle": "Engineer", "image": f"{cdn}/img/alice.jpg"})
    return {
        "/robots.txt": _text("User-agent: *\nDisallow: /private/\n"),
        "/": _html(_page("Home", (
            '<h1>Harbour Town News</h1><ul>'
            '<li><a href="/articles/harbour.html">The harbour at dusk</a></li>'
            '<li><a href="/people/alice.html">Our team: Alice</a></li>'
            '<li><a href="/articles/launch.html">Launch day</a></li>'
            '<li><a href="/optout/noai.html">Members area (noai)</a></li>'
            '<li><a href="/optout/noimageai.html">Gallery (noimageai)</a></li>'
            '<li><a href="/private/report.html">Internal report</a></li>'
            '<li><a href="/go/hidden">Download the hidden picture</a></li>'
            '</ul><img src="/static/logo.png" alt="Harbour Town News logo">'))),
        "/articles/harbour.html": _html(_page("The harbour at dusk", (
            "<article><h1>The harbour at dusk</h1><p>Boats come in as the sun goes down.</p>"
            f'<img src="{cdn}/img/harbour.png" alt="boats in the harbour at dusk">'
            '<figure><img src="/static/chart.png" alt="chart of tides"><figcaption>Tide levels</figcaption></figure>'
            "</article>"))),
        "/articles/launch.html": _html(_page("Launch day", (
            "<article><h1>Launch day</h1><p>The launch went well.</p>"
            f'<img src="{cdn}/img/launch.jpg" alt="launch day">'
            "</article>"))),
        "/people/alice.html": _html(_page("Alice Example — profile", (
            '<article class="profile"><h1>Alice Example</h1>'
            f'<img src="{cdn}/img/alice.jpg" alt="portrait of Alice Example" class="profile-photo">'
            "<p>Alice is an engineer on our team.</p></article>"),
            head=f'<script type="application/ld+json">{person}</script>')),
        "/optout/noai.html": _html(_page("Members area", (
            '<p>Members only content.</p><img src="/static/members.png" alt="members chart">')),
            ("X-Robots-Tag", "noai, noimageai")),
        "/optout/noimageai.html": _html(_page("Gallery", (
            '<p>Our gallery.</p><img src="' + cdn + '/img/gallery.png" alt="a blue circle">'),
            head='<meta name="robots" content="noimageai">')),
        "/private/report.html": _html(_page("Internal report", "<p>Internal numbers.</p>")),
        "/go/hidden": (302, [("Location", f"{cdn}/blocked/hidden.png"), ("Content-Length", "0")], b""),
        "/static/logo.png": _img(_png("#1f6feb", shape="circle")),
        "/static/chart.png": _img(_png("#2da44e")),
        "/static/members.png": _img(_png("#8250df")),
    }


def cdn_routes() -> dict[str, Route]:
    return {
        "/robots.txt": _text("User-agent: *\nDisallow: /blocked/\n"),
        "/img/harbour.png": _img(_png("#0969da", (200, 120))),
        "/img/alice.jpg": _img(portrait_jpeg(), "image/jpeg"),
        "/img/launch.jpg": _img(portrait_jpeg(), "image/jpeg"),  # a face, with no personal context on its page
        "/img/gallery.png": _img(_png("#218bff", shape="circle")),
        "/blocked/hidden.png": _img(_png("#cf222e")),
    }


@dataclass
class Host:
    """One HTTP server on 127.0.0.1 with a route table and a log of requested paths."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    server: LoopbackServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self, port: int = 0) -> Host:
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                host.hits.append(self.path)
                route = host.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, [("Content-Type", "text/plain")], b"not found"
                else:
                    status, headers, body = route(self) if callable(route) else route
                try:
                    self.send_response(status)
                    names = {k.lower() for k, _ in headers}
                    for name, value in headers:
                        self.send_header(name, value)
                    if "content-length" not in names:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_HEAD = do_GET

        self.server = LoopbackServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@dataclass
class E2ESite:
    main: Host
    cdn: Host

    @property
    def start_url(self) -> str:
        return self.main.base + "/"

    @property
    def extra_urls(self) -> list[str]:
        """Requested by each crawler after every page (as a spider that learnt image URLs
        from a sitemap would): the profile photo, judged with the context its page gave."""
        return [self.cdn.base + "/img/alice.jpg"]

    @property
    def hosts(self) -> dict[str, str]:
        return {"main": self.main.base, "cdn": self.cdn.base}

    def label(self, url: str) -> str:
        """`main:/path` / `cdn:/path`, independent of the ports."""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        for name, b in self.hosts.items():
            if b == base:
                return f"{name}:{parts.path or '/'}"
        return url

    def stop(self) -> None:
        self.main.stop()
        self.cdn.stop()

    def __enter__(self) -> E2ESite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_site(main_port: int = 0, cdn_port: int = 0) -> E2ESite:
    cdn = Host(cdn_routes()).start(cdn_port)
    main = Host(main_routes(cdn.base)).start(main_port)
    return E2ESite(main, cdn)


if __name__ == "__main__":
    import time

    with start_site() as s:
        print(f"main {s.main.base}  cdn {s.cdn.base}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
