"""The demo site: two local hosts on 127.0.0.1 (a main site and a CDN-like image host
with its own robots.txt), with people's photos, opt-outs, a profile page and ordinary
images. Everything is generated or comes from the installed package; nothing is
downloaded."""

from __future__ import annotations

import io
import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from PIL import Image, ImageDraw

Reply = tuple[int, dict[str, str], bytes]


class LoopbackServer(ThreadingHTTPServer):
    """A threaded local HTTP server that takes a client hanging up for what it is. A guard cuts
    bodies short on purpose (a blocked image, a page past the read limit): the standard server
    would print a traceback for each broken pipe, as if the site had failed."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipe, ConnectionReset, ConnectionAborted
            return
        super().handle_error(request, client_address)


def _asset(name: str) -> bytes:
    return resources.files("scrapeguard.demo").joinpath("assets", name).read_bytes()


def _png(draw: str, size: tuple[int, int] = (240, 120)) -> bytes:
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    w, h = size
    if draw == "logo":
        d.ellipse((10, 10, h - 10, h - 10), fill="#1f6feb")
        d.rectangle((h, h // 3, w - 10, 2 * h // 3), fill="#0d1117")
    elif draw == "chart":
        for i, v in enumerate((30, 70, 50, 90, 60)):
            d.rectangle((20 + i * 42, h - 10 - v, 50 + i * 42, h - 10), fill="#2da44e")
        d.line((10, h - 10, w - 10, h - 10), fill="black", width=2)
    elif draw == "product":
        d.rounded_rectangle((60, 20, w - 60, h - 20), radius=18, fill="#bf8700")
        d.rectangle((w // 2 - 10, 5, w // 2 + 10, 25), fill="#6e7781")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _page(title: str, body: str, lang: str = "en", head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body><header><img src=\"/static/logo.png\" alt=\"Demo Corp logo\" class=\"site-logo\"></header>"
        f"<main>{body}</main></body></html>"
    ).encode("utf-8")


def _html(body: bytes, **headers: str) -> Reply:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body


def _image(body: bytes, ctype: str, **headers: str) -> Reply:
    return 200, {"Content-Type": ctype, **headers}, body


def build_sites(cdn_base: str) -> tuple[dict[str, Reply], dict[str, Reply]]:
    """(main site routes, CDN routes). The pages link to the CDN by absolute URL."""
    portrait = _asset("portrait.jpg")
    coffee = _asset("coffee.jpg")
    rocket = _asset("rocket.jpg")
    person_ld = json.dumps({
        "@context": "https://schema.org", "@type": "ProfilePage",
        "mainEntity": {"@type": "Person", "name": "Eileen Example", "image": f"{cdn_base}/photos/eileen.jpg"},
    })
    main: dict[str, Reply] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        b"User-agent: *\nDisallow: /private/\n\nUser-agent: scrapeguard\nDisallow: /private/\n"
                        b"Content-Usage: /labs/ train-ai=n\n"),
        "/": _html(_page("Demo Corp", (
            "<h1>Welcome to Demo Corp</h1><p>We make coffee machines.</p>"
            '<img src="/static/chart.png" alt="Sales chart 2025" class="chart">'
            '<ul><li><a href="/products/espresso.html">Espresso machine</a></li>'
            '<li><a href="/team.html">Our team</a></li>'
            '<li><a href="/people/eileen.html">Eileen\'s profile</a></li>'
            '<li><a href="/gallery/noai.html">Gallery (no AI)</a></li>'
            '<li><a href="/labs/notes.html">Lab notes</a></li>'
            '<li><a href="/private/hr.html">HR (private)</a></li>'
            '<li><a href="/premium/report.html">Premium report</a></li></ul>'))),
        "/products/espresso.html": _html(_page("Espresso machine", (
            "<h1>Espresso machine</h1>"
            '<figure><img src="/static/product.png" alt="Espresso machine, front view" class="product-image">'
            "<figcaption>Our flagship espresso machine</figcaption></figure>"
            f'<img src="{cdn_base}/stock/coffee.jpg" alt="A cup of coffee" class="product-gallery">'))),
        "/team.html": _html(_page("Our team", (
            '<h1>Our team</h1><section class="team-members">'
            f'<div class="member"><img src="{cdn_base}/photos/eileen.jpg" alt="Portrait of Eileen Example, CEO">'
            "<p class=\"name\">Eileen Example</p><p>Chief executive</p></div>"
            '</section>'
            f'<p>Press kit: <img src="{cdn_base}/originals/eileen-full.jpg" alt="High-resolution portrait of Eileen Example"></p>'))),
        "/people/eileen.html": _html(_page("Eileen Example — profile", (
            '<article class="profile"><h1>Eileen Example</h1>'
            f'<img src="{cdn_base}/photos/eileen.jpg" class="avatar profile-photo" alt="Eileen Example">'
            "<p>Astronaut turned coffee engineer.</p></article>"),
            head=f'<meta property="og:type" content="profile"><script type="application/ld+json">{person_ld}</script>')),
        "/gallery/noai.html": _html(_page("Launch gallery", (
            "<h1>Launch gallery</h1>"
            f'<img src="{cdn_base}/stock/rocket.jpg" alt="Rocket launch">'),
            head='<meta name="robots" content="noimageai">'), **{"X-Robots-Tag": "noai"}),
        "/labs/notes.html": _html(_page("Lab notes", "<h1>Lab notes</h1><p>Brewing temperature experiments.</p>")),
        "/private/hr.html": _html(_page("HR", "<h1>HR</h1><p>Private.</p>")),
        "/premium/report.html": (402, {"Content-Type": "text/html", "crawler-price": "USD 0.01"},
                                 b"<html><body>Payment required</body></html>"),
        "/static/logo.png": _image(_png("logo"), "image/png"),
        "/static/chart.png": _image(_png("chart"), "image/png"),
        "/static/product.png": _image(_png("product"), "image/png"),
        "/.well-known/tdmrep.json": (200, {"Content-Type": "application/json"},
                                     json.dumps([{"location": "/labs/*", "tdm-reservation": 1}]).encode()),
    }
    cdn: dict[str, Reply] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /originals/\n"),
        "/photos/eileen.jpg": _image(portrait, "image/jpeg"),
        "/originals/eileen-full.jpg": _image(portrait, "image/jpeg"),
        "/stock/coffee.jpg": _image(coffee, "image/jpeg"),
        "/stock/rocket.jpg": _image(rocket, "image/jpeg"),
    }
    return main, cdn


def _handler(routes: dict[str, Reply]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "scrapeguard-demo"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            status, headers, body = routes.get(self.path.split("?")[0], (404, {"Content-Type": "text/plain"}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

    return Handler


@dataclass
class DemoSite:
    """The two demo hosts, running in background threads."""

    main: LoopbackServer
    cdn: LoopbackServer
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.main.server_address[1]}"

    @property
    def cdn_base(self) -> str:
        return f"http://127.0.0.1:{self.cdn.server_address[1]}"

    def close(self) -> None:
        for server in (self.main, self.cdn):
            server.shutdown()
            server.server_close()


def start_demo_site(port: int = 0, cdn_port: int = 0) -> DemoSite:
    """Start the main site on `port` and the CDN on `cdn_port` (0: any free port)."""
    cdn = LoopbackServer(("127.0.0.1", cdn_port), _handler({}))
    cdn_base = f"http://127.0.0.1:{cdn.server_address[1]}"
    main_routes, cdn_routes = build_sites(cdn_base)
    cdn.RequestHandlerClass = _handler(cdn_routes)
    main = LoopbackServer(("127.0.0.1", port), _handler(main_routes))
    site = DemoSite(main, cdn)
    for server in (main, cdn):
        t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        t.start()
        site.threads.append(t)
    return site
