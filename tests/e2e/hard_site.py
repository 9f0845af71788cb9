"""A site of hard cases for comparing the integrations (tests/e2e/test_consistency.py): five hosts on
127.0.0.1, one port each.

* main — robots.txt Disallow, ai.txt, /.well-known/tdmrep.json; X-Robots-Tag `noimageai` scoped to the
  crawler's token and one scoped to another bot; robots meta, an http-equiv X-Robots-Tag, a bot-named
  meta; TDMRep header and meta, Content-Usage, Content-Signal header and meta; a page linking an image
  whose XMP says IPTC DMI-PROHIBITED; profile pages with portraits (one through a redirect to the CDN);
  redirects to the CDN (a page, a photo, an opted-out page, an image of a `noimageai` page); gzip,
  deflate, br, zstd pages and a gzip page that breaks off; a 402, a 404 showing a portrait and a 500.
* cdn — the image host, its own robots.txt disallowing /blocked/.
* sig — robots.txt with a Content-Signal line (ai-train=no).
* down — robots.txt answers 503 (unreachable: disallow all).
* moved — robots.txt redirects to one on the CDN, which disallows /secret/.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import brotli
import zstandard

from e2e.site import Host, Reply, Route, _html, _img, _page, _png, _text, portrait_jpeg

UA_TOKEN = "HardBot"  # X-Robots-Tag scoped to the crawler: the crawlers send HardBot/1.0


def _moved(to: str) -> Reply:
    return 302, [("Location", to), ("Content-Length", "0")], b""


def _coded(coding: str, body: bytes) -> Reply:
    return 200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", coding)], body


def iptc_prohibited_jpeg() -> bytes:
    """A JPEG whose XMP packet (APP1) says plus:DataMining = DMI-PROHIBITED."""
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" '
           'plus:DataMining="http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"/></rdf:RDF></x:xmpmeta>').encode()
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
    base = portrait_jpeg()  # (any JPEG: only its rights matter, the refusal comes first)
    return base[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + base[2:]


def main_routes(cdn: str, others: list[str]) -> dict[str, Route]:
    pages = ["/xrt-scoped.html", "/xrt-other.html", "/meta-robots.html", "/meta-bot.html", "/equiv.html",
             "/tdm-header.html", "/tdm-meta.html", "/tdm/page.html", "/usage.html", "/signal.html",
             "/signal-meta.html", "/iptc.html", "/people/bob.html", "/people/carol.html", "/gallery.html",
             "/r/page", "/r/photo", "/r/noai", "/gz.html", "/deflate.html", "/br.html", "/zstd.html", "/cut-gz.html",
             "/pay.html", "/missing.html", "/err404.html", "/broken.html", "/private/x.html", "/aitxt/page.html",
             *[f"{o}/index.html" for o in others], f"{others[-1]}/secret/index.html"]
    index = "".join(f'<a href="{p}">{p}</a> ' for p in pages)
    index += f'<img src="/static/logo.png" alt="logo"><img src="{cdn}/blocked/b.png" alt="a chart">'
    person = json.dumps({"@context": "https://schema.org", "@type": "Person", "name": "Bob Example",
                         "image": f"{cdn}/img/bob.jpg"})
    long_page = _page("Cut", "".join(f"<p>paragraph {i}</p>" for i in range(400)))
    cut = gzip.compress(long_page)
    return {
        "/robots.txt": _text("User-agent: *\nDisallow: /private/\n"),
        "/ai.txt": _text("User-Agent: *\nDisallow: /aitxt/\n"),
        "/.well-known/tdmrep.json": (200, [("Content-Type", "application/json")],
                                     json.dumps([{"location": "/tdm/*", "tdm-reservation": 1}]).encode()),
        "/": _html(_page("Home", index)),
        "/xrt-scoped.html": _html(_page("Scoped", '<p>x</p><img src="/static/scoped.png" alt="blue bars">'),
                                  ("X-Robots-Tag", f"{UA_TOKEN}: noimageai"), ("X-Robots-Tag", "otherbot: noai")),
        "/xrt-other.html": _html(_page("Other", '<p>x</p><img src="/static/other.png" alt="green bars">'),
                                 ("X-Robots-Tag", "otherbot: noimageai, noai")),
        "/meta-robots.html": _html(_page("Meta", "<p>x</p>", head='<meta name="robots" content="noai">')),
        "/meta-bot.html": _html(_page("Bot meta", '<p>x</p><img src="/static/bot.png" alt="bars">',
                                      head=f'<meta name="{UA_TOKEN}" content="noimageai">')),
        "/equiv.html": _html(_page("Equiv", '<p>x</p><img src="/static/eq.png" alt="circle">',
                                   head='<meta http-equiv="X-Robots-Tag" content="noai">')),
        "/tdm-header.html": _html(_page("TDM", "<p>x</p>"), ("tdm-reservation", "1")),
        "/tdm-meta.html": _html(_page("TDM meta", "<p>x</p>", head='<meta name="tdm-reservation" content="1">')),
        "/tdm/page.html": _html(_page("TDM file", "<p>x</p>")),
        "/usage.html": _html(_page("Usage", "<p>x</p>"), ("Content-Usage", "train-ai=n")),
        "/signal.html": _html(_page("Signal", "<p>x</p>"), ("Content-Signal", "ai-train=no")),
        "/signal-meta.html": _html(_page("Signal meta", "<p>x</p>",
                                         head='<meta name="content-signal" content="ai-train=no">')),
        "/iptc.html": _html(_page("IPTC", f'<p>x</p><img src="{cdn}/img/iptc.jpg" alt="a landscape">')),
        "/people/bob.html": _html(_page("Bob Example - profile", (
            f'<article class="profile"><h1>Bob Example</h1><img src="{cdn}/img/bob.jpg" alt="portrait of Bob Example"'
            ' class="profile-photo"><p>Bob is an engineer.</p></article>'),
            head=f'<script type="application/ld+json">{person}</script>')),
        "/people/carol.html": _html(_page("Carol Example - profile", (
            '<article class="profile"><h1>Carol Example</h1><img src="/r/carol.jpg" alt="portrait of Carol Example"'
            ' class="profile-photo"><p>Carol is our CEO.</p></article>'))),
        "/r/carol.jpg": _moved(f"{cdn}/img/carol.jpg"),
        "/gallery.html": _html(_page("Gallery", '<p>x</p><img src="/r/g.png" alt="a circle">',
                                     head='<meta name="robots" content="noimageai">')),
        "/r/g.png": _moved(f"{cdn}/img/g.png"),
        "/r/page": _moved(f"{cdn}/page.html"),
        "/r/photo": _moved(f"{cdn}/img/redirected.jpg"),
        "/r/noai": _moved(f"{cdn}/noai.html"),
        "/gz.html": _coded("gzip", gzip.compress(_page("Gz", '<p>x</p><img src="/static/gz.png" alt="a chart">'))),
        "/deflate.html": _coded("deflate", zlib.compress(_page("Deflate", "<p>x</p>"))),
        "/br.html": _coded("br", brotli.compress(_page("Br", "<p>x</p>"))),
        "/zstd.html": _coded("zstd", zstandard.ZstdCompressor().compress(_page("Zstd", "<p>x</p>"))),
        "/cut-gz.html": _coded("gzip", cut[: len(cut) // 2]),
        "/pay.html": (402, [("Content-Type", "text/html")], _page("Pay", "<p>pay first</p>")),
        "/err404.html": (404, [("Content-Type", "text/html")],
                         _page("Not here", '<p>x</p><img src="/static/dan.jpg" alt="portrait of Dan Example">')),
        "/broken.html": (500, [("Content-Type", "text/html")], _page("Oops", "<p>oops</p>")),
        "/private/x.html": _html(_page("Private", "<p>x</p>")),
        "/aitxt/page.html": _html(_page("ai.txt", '<p>x</p><img src="/aitxt/pic.png" alt="bars">')),
        "/aitxt/pic.png": _img(_png("#111111")),
        "/static/logo.png": _img(_png("#1f6feb", shape="circle")),
        "/static/scoped.png": _img(_png("#2222ff")),
        "/static/other.png": _img(_png("#22ff22")),
        "/static/bot.png": _img(_png("#ff22ff")),
        "/static/eq.png": _img(_png("#abcdef")),
        "/static/gz.png": _img(_png("#2da44e")),
        "/static/dan.jpg": _img(portrait_jpeg(), "image/jpeg"),
    }


def cdn_routes() -> dict[str, Route]:
    return {
        "/robots.txt": _text("User-agent: *\nDisallow: /blocked/\n"),
        "/robots-moved.txt": _text("User-agent: *\nDisallow: /secret/\n"),
        "/blocked/b.png": _img(_png("#cf222e")),
        "/img/iptc.jpg": _img(iptc_prohibited_jpeg(), "image/jpeg"),
        "/img/bob.jpg": _img(portrait_jpeg(), "image/jpeg"),
        "/img/carol.jpg": _img(portrait_jpeg(), "image/jpeg"),
        "/img/redirected.jpg": _img(portrait_jpeg(), "image/jpeg"),
        "/img/g.png": _img(_png("#00aaaa", shape="circle")),
        "/img/plain.png": _img(_png("#777777")),
        "/page.html": _html(_page("On the CDN", '<p>x</p><img src="/img/plain.png" alt="bars">')),
        "/noai.html": _html(_page("CDN noai", "<p>x</p>"), ("X-Robots-Tag", "noai")),
    }


def _index(title: str, **more: Route) -> dict[str, Route]:
    return {"/index.html": _html(_page(title, '<p>x</p><img src="/pic.png" alt="bars">')),
            "/pic.png": _img(_png("#999999")), **more}


@dataclass
class HardSite:
    main: Host
    cdn: Host
    sig: Host
    down: Host
    moved: Host

    @property
    def hosts(self) -> dict[str, Host]:
        return {"main": self.main, "cdn": self.cdn, "sig": self.sig, "down": self.down, "moved": self.moved}

    @property
    def start_url(self) -> str:
        return self.main.base + "/"

    @property
    def extra_urls(self) -> list[str]:
        """The profile photo, requested directly once every page is done (judged with its page's context),
        and a URL on each other host, so that every crawler keeps to the same hosts."""
        return [self.cdn.base + "/img/bob.jpg", *(h.base + "/index.html" for h in (self.sig, self.down, self.moved))]

    def label(self, url: str) -> str:
        """`host:/path`, independent of the ports."""
        parts = urlsplit(url)
        for name, host in self.hosts.items():
            if f"{parts.scheme}://{parts.netloc}" == host.base:
                return f"{name}:{parts.path or '/'}"
        return url

    def stop(self) -> None:
        for host in self.hosts.values():
            host.stop()


def start_hard_site() -> HardSite:
    cdn = Host(cdn_routes()).start()
    sig = Host({"/robots.txt": _text("User-agent: *\nContent-Signal: ai-train=no, search=yes\nAllow: /\n"),
                **_index("Signals")}).start()
    down = Host({"/robots.txt": (503, [("Content-Type", "text/plain")], b"busy"), **_index("Down")}).start()
    moved = Host({"/robots.txt": _moved(cdn.base + "/robots-moved.txt"), **_index("Moved"),
                  "/secret/index.html": _html(_page("Secret", "<p>x</p>"))}).start()
    main = Host(main_routes(cdn.base, [sig.base, down.base, moved.base])).start()
    return HardSite(main, cdn, sig, down, moved)
