"""A generated local site for the benchmarks: thousands of pages and images on 127.0.0.1.

Two origins, like a real site: the main host (pages, small static images, its own
robots.txt and tdmrep.json) and a CDN-like image host on a second port with its own
robots.txt. Pages are realistic enough to exercise the guard the way a real crawl does:
navigation and footer links, article text, people's profile pages (og:type profile,
JSON-LD Person, "avatar"/"portrait" markup), team pages, and a few opted-out sections
(robots.txt Disallow, X-Robots-Tag/meta noai, a TDMRep reservation).

Everything is generated from a seed (same seed, same bytes) or cut from the demo's
packaged portrait, so nothing is downloaded. The server pre-renders every response into
memory and runs in its own process on an asyncio protocol, so that it is never the
bottleneck and never shares a GIL with the crawler being measured.

    python -m benchmarks.site --pages 2000 --images 4000     # prints {"main": ..., "cdn": ...}
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from benchmarks.common import ends_with_this_process

ROOT = Path(__file__).resolve().parents[1]
Reply = tuple[int, list[tuple[str, str]], bytes]
Routes = dict[str, Reply]

# Share of pages per section (the rest are ordinary articles).
SECTIONS: tuple[tuple[str, float], ...] = (
    ("people", 0.10),  # profile pages: one portrait each
    ("team", 0.025),  # team pages: two portraits each
    ("noai", 0.04),  # X-Robots-Tag: noai + <meta name="robots" content="noimageai">
    ("private", 0.02),  # robots.txt Disallow
    ("labs", 0.04),  # tdmrep.json reservation
)
IMAGES_PER_PAGE = 2
CANDID_EVERY = 20  # one article in 20 shows a photo of a person with neutral markup (only the detector can tell)

_FIRST = ("Ada", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi", "Lars",
          "Maya", "Noor", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wim", "Yusuf", "Zoe")
_LAST = ("Almeida", "Berger", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jansen",
         "Kowalski", "Lindqvist", "Moreau", "Novak", "Olsen", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber")
_ROLES = ("Chief executive", "Head of research", "Product designer", "Sales lead", "Engineer", "Press officer")
_WORDS = ("coffee", "machine", "espresso", "grinder", "pressure", "temperature", "bean", "roast", "milk", "steam",
          "valve", "boiler", "quality", "market", "customer", "service", "design", "energy", "water", "filter",
          "review", "report", "season", "harvest", "origin", "flavour", "acidity", "body", "crema", "cup")
_TOPICS = ("Brewing guide", "Market report", "Maintenance tips", "Product news", "Origin story", "Barista notes")


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """How big the site is. The image count includes the shared logo."""

    pages: int = 2000
    images: int = 4000
    seed: int = 7


@dataclass(slots=True)
class PagePlan:
    """One page and the images it references (absolute URLs), decided before rendering."""

    path: str
    section: str
    index: int
    images: list[tuple[str, str]] = field(default_factory=list)  # (url, "face"|"candid"|"plain"|"static")


def section_of(i: int, pages: int) -> str:
    """Deterministic section for page `i`: sections are interleaved, not clustered, so a
    partial crawl sees all kinds."""
    edges, acc = [], 0.0
    for name, share in SECTIONS:
        acc += share
        edges.append((acc, name))
    frac = ((i * 0.6180339887) % 1.0)  # golden-ratio spread
    for edge, name in edges:
        if frac < edge:
            return name
    return "articles"


def plan_site(spec: SiteSpec, main_base: str, cdn_base: str) -> list[PagePlan]:
    """Which page exists and which images it shows. Page 0 is the home page."""
    plans: list[PagePlan] = []
    image_no = 0
    budget = max(spec.images - 1, 0)  # the logo is one image
    for i in range(spec.pages):
        section = "home" if i == 0 else section_of(i, spec.pages)
        path = "/" if i == 0 else f"/{section}/{i}.html"
        plan = PagePlan(path, section, i)
        wanted = 2 if section == "team" else (1 if section == "people" else IMAGES_PER_PAGE)
        faces = 2 if section == "team" else (1 if section == "people" else 0)
        # spread the remaining image budget evenly over the remaining pages
        remaining_pages = spec.pages - i
        share = (budget - image_no + remaining_pages - 1) // remaining_pages if remaining_pages else 0
        wanted = max(wanted, share) if budget > image_no else 0
        for k in range(wanted):
            if image_no >= budget:
                break
            if k < faces:
                plan.images.append((f"{cdn_base}/photos/{image_no}.jpg", "face"))
            elif k % 2 == 0 and section != "people":
                plan.images.append((f"{main_base}/static/{image_no}.png", "static"))
            elif section == "articles" and i % CANDID_EVERY == 7:
                plan.images.append((f"{cdn_base}/img/{image_no}.jpg", "candid"))
            else:
                plan.images.append((f"{cdn_base}/img/{image_no}.jpg", "plain"))
            image_no += 1
        plans.append(plan)
    return plans


# ----------------------------------------------------------------------- pages
def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _paragraphs(rng: random.Random, count: int) -> str:
    out = []
    for _ in range(count):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(40, 90))]
        words[0] = words[0].capitalize()
        out.append("<p>" + " ".join(words) + ".</p>")
    return "".join(out)


def _links(plan: PagePlan, plans: list[PagePlan], rng: random.Random) -> str:
    """Each page links to the next pages (so every page is reachable from the home page)
    and to a few random ones (so the crawl is a graph, not a list)."""
    n = len(plans)
    targets = [(plan.index * 4 + k) % n for k in range(1, 5)] + [rng.randrange(n) for _ in range(4)]
    items = []
    for t in targets:
        other = plans[t]
        items.append(f'<li><a href="{other.path}">{escape(rng.choice(_TOPICS))} {other.index}</a></li>')
    return '<aside class="related"><h2>Related</h2><ul>' + "".join(items) + "</ul></aside>"


def _img(url: str, alt: str, cls: str = "", extra: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<img src="{url}" alt="{escape(alt)}"{c} loading="lazy" width="240" height="160"{extra}>'


def _page_body(plan: PagePlan, plans: list[PagePlan], rng: random.Random) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, inner html, extra response headers)."""
    headers: list[tuple[str, str]] = []
    imgs = plan.images
    if plan.section == "people":
        name = _name(rng)
        face = [u for u, k in imgs if k == "face"]
        others = [u for u, k in imgs if k != "face"]
        body = ('<article class="profile h-card"><h1 class="p-name">' + escape(name) + "</h1>"
                + "".join(_img(u, f"Portrait of {name}", "avatar profile-photo u-photo") for u in face)
                + f'<p class="p-job-title">{escape(rng.choice(_ROLES))}</p>'
                + _paragraphs(rng, 2)
                + "".join(_img(u, "Office at night", "illustration") for u in others)
                + "</article>")
        return f"{name} — profile", body, headers
    if plan.section == "team":
        members = []
        for u, k in imgs:
            name = _name(rng)
            if k == "face":
                members.append(f'<div class="member">{_img(u, f"Photo of {name}", "team-photo")}'
                               f'<p class="name">{escape(name)}</p><p>{escape(rng.choice(_ROLES))}</p></div>')
            else:
                members.append(_img(u, "Team offsite venue"))
        return f"Our team {plan.index}", '<h1>Our team</h1><section class="team-members">' + "".join(members) + "</section>" + _paragraphs(rng, 1), headers
    if plan.section == "noai":
        headers.append(("X-Robots-Tag", "noai, noimageai"))
    title = f"{rng.choice(_TOPICS)} #{plan.index}"
    figures = []
    for u, k in imgs:
        if k == "candid":
            figures.append(f"<figure>{_img(u, 'At the coffee fair', 'event-photo')}<figcaption>Scenes from the fair</figcaption></figure>")
        elif k == "static":
            figures.append(f"<figure>{_img(u, 'Sales chart ' + str(plan.index), 'chart')}<figcaption>Figures for the quarter</figcaption></figure>")
        else:
            figures.append(f"<figure>{_img(u, 'Espresso machine, side view', 'product-image')}<figcaption>{escape(rng.choice(_WORDS)).capitalize()} detail</figcaption></figure>")
    body = f"<article><h1>{escape(title)}</h1>{_paragraphs(rng, 2)}{''.join(figures)}{_paragraphs(rng, rng.randint(2, 5))}</article>"
    return title, body, headers


def render_page(plan: PagePlan, plans: list[PagePlan], main_base: str, seed: int) -> Reply:
    """One page's bytes (deterministic per page and seed)."""
    rng = random.Random(seed * 1_000_003 + plan.index)
    title, body, headers = _page_body(plan, plans, rng)
    head = ""
    if plan.section == "people":
        ld = json.dumps({"@context": "https://schema.org", "@type": "ProfilePage",
                         "mainEntity": {"@type": "Person", "name": title.split(" — ")[0],
                                        "image": next((u for u, k in plan.images if k == "face"), None)}})
        head = f'<meta property="og:type" content="profile"><script type="application/ld+json">{ld}</script>'
    if plan.section == "noai":
        head += '<meta name="robots" content="noimageai">'
    nav = ('<nav><a href="/">Home</a> <a href="/articles/1.html">Articles</a> <a href="/team/3.html">Team</a>'
           ' <a href="/contact.html">Contact</a></nav>')
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="canonical" href="{main_base}{plan.path}">{head}</head><body>'
        f'<header><img src="{main_base}/static/logo.png" alt="Demo Corp logo" class="site-logo">{nav}</header>'
        f"<main>{body}{_links(plan, plans, rng)}</main>"
        f'<footer><p>© Demo Corp. <a href="/legal.html">Legal notice</a> · <a href="/privacy.html">Privacy</a></p></footer>'
        "</body></html>"
    )
    return 200, [("Content-Type", "text/html; charset=utf-8"), *headers], html.encode("utf-8")


def iter_pages(spec: SiteSpec, main_base: str, cdn_base: str) -> Iterator[tuple[str, Reply, PagePlan]]:
    """(url, reply, plan) for every page, rendered one at a time (the memory benchmark
    streams 20,000 pages without holding them)."""
    plans = plan_site(spec, main_base, cdn_base)
    for plan in plans:
        yield main_base + plan.path, render_page(plan, plans, main_base, spec.seed), plan


# ---------------------------------------------------------------------- images
def portrait_jpeg() -> bytes:
    """The demo's packaged portrait (a real face), as shipped."""
    return resources.files("scrapeguard.demo").joinpath("assets", "portrait.jpg").read_bytes()


def _portrait() -> Image.Image:
    with Image.open(io.BytesIO(portrait_jpeg())) as img:
        return img.convert("RGB")


def face_image(base: Image.Image, rng: random.Random) -> bytes:
    """A unique crop of a real portrait, face kept in frame (varied size, position, tone)."""
    w, h = base.size
    left = rng.randint(0, 60)
    top = rng.randint(0, 20)
    right = rng.randint(min(w, 250), w)
    bottom = rng.randint(min(h, 230), h)
    img = base.crop((left, top, right, bottom))
    scale = rng.uniform(0.45, 0.9)
    img = img.resize((max(64, int(img.width * scale)), max(64, int(img.height * scale))))
    if rng.random() < 0.5:
        img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=rng.randint(70, 88))
    return out.getvalue()


def plain_image(rng: random.Random, fmt: str) -> bytes:
    """A small synthetic picture (shapes on a gradient): no faces, unique bytes."""
    w, h = rng.choice(((96, 64), (120, 80), (160, 120), (200, 150), (240, 160)))
    c1 = tuple(rng.randrange(256) for _ in range(3))
    img = Image.new("RGB", (w, h), c1)  # type: ignore[arg-type]
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 8)):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randint(8, w // 2), y0 + rng.randint(8, h // 2)
        color = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            d.rectangle((x0, y0, x1, y1), fill=color)  # type: ignore[arg-type]
        else:
            d.ellipse((x0, y0, x1, y1), fill=color)  # type: ignore[arg-type]
    if fmt == "JPEG":
        img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    if fmt == "JPEG":
        img.save(out, "JPEG", quality=80)
    else:
        img.save(out, "PNG", optimize=False)
    return out.getvalue()


def logo() -> bytes:
    img = Image.new("RGB", (180, 60), "white")
    d = ImageDraw.Draw(img)
    d.ellipse((8, 8, 52, 52), fill="#1f6feb")
    d.rectangle((62, 22, 170, 38), fill="#0d1117")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------------- routes
MAIN_ROBOTS = (b"User-agent: *\nDisallow: /private/\nAllow: /\n\n"
               b"User-agent: GPTBot\nDisallow: /\n")
CDN_ROBOTS = b"User-agent: *\nDisallow: /originals/\n"
TDMREP = json.dumps([{"location": "/labs/*", "tdm-reservation": 1}]).encode()


def build_routes(spec: SiteSpec, main_base: str, cdn_base: str) -> tuple[Routes, Routes]:
    """(main host routes, CDN routes), every body rendered."""
    main: Routes = {
        "/robots.txt": (200, [("Content-Type", "text/plain")], MAIN_ROBOTS),
        "/.well-known/tdmrep.json": (200, [("Content-Type", "application/json")], TDMREP),
        "/static/logo.png": (200, [("Content-Type", "image/png"), ("Cache-Control", "max-age=86400")], logo()),
    }
    cdn: Routes = {"/robots.txt": (200, [("Content-Type", "text/plain")], CDN_ROBOTS)}
    base_face = _portrait()
    plans = plan_site(spec, main_base, cdn_base)
    for plan in plans:
        main[plan.path] = render_page(plan, plans, main_base, spec.seed)
        for url, kind in plan.images:
            rng = random.Random(f"{spec.seed}:{url.rsplit('/', 2)[-1]}")
            path = "/" + url.split("/", 3)[3]
            if kind in ("face", "candid"):
                cdn[path] = (200, [("Content-Type", "image/jpeg")], face_image(base_face, rng))
            elif kind == "static":
                main[path] = (200, [("Content-Type", "image/png")], plain_image(rng, "PNG"))
            else:
                cdn[path] = (200, [("Content-Type", "image/jpeg")], plain_image(rng, "JPEG"))
    for extra in ("/contact.html", "/legal.html", "/privacy.html"):
        body = f"<!DOCTYPE html><html lang=\"en\"><head><title>{extra[1:-5]}</title></head><body><p>Demo Corp, {extra}</p></body></html>"
        main[extra] = (200, [("Content-Type", "text/html; charset=utf-8")], body.encode())
    return main, cdn


def site_stats(main: Routes, cdn: Routes) -> dict[str, int]:
    pages = sum(1 for _, h, _ in main.values() if h[0][1].startswith("text/html"))
    images = sum(1 for r in (main, cdn) for _, h, _ in r.values() if h[0][1].startswith("image/"))
    size = sum(len(b) for r in (main, cdn) for _, _, b in r.values())
    return {"pages": pages, "images": images, "bytes": size}


# ---------------------------------------------------------------------- server
_REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 400: "Bad Request"}
_NOT_FOUND: Reply = (404, [("Content-Type", "text/plain")], b"not found")


def _prerender(routes: Routes) -> dict[str, tuple[bytes, bytes]]:
    """path -> (head bytes, body bytes): the whole response, ready to write."""
    out: dict[str, tuple[bytes, bytes]] = {}
    for path, (status, headers, body) in {**routes, "\0404": _NOT_FOUND}.items():
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}", "Server: scrapeguard-bench",
                 f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers)]
        out[path] = (("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), body)
    return out


class _Http(asyncio.Protocol):
    """Minimal HTTP/1.1 server: GET/HEAD, keep-alive, pipelining, no request bodies."""

    MAX_HEAD = 16 * 1024

    def __init__(self, table: dict[str, tuple[bytes, bytes]]) -> None:
        self.table = table
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > self.MAX_HEAD and self.transport:
                    self.transport.close()
                return
            head, self.buf = self.buf[:end], self.buf[end + 4:]
            self._answer(head)

    def _answer(self, head: bytes) -> None:
        assert self.transport is not None
        first, _, rest = head.partition(b"\r\n")
        parts = first.split(b" ")
        if len(parts) != 3:
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            self.transport.close()
            return
        method, target, version = parts
        path = target.decode("latin-1")
        if path.startswith("http://") or path.startswith("https://"):  # absolute-form (proxies)
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        path = path.split("?", 1)[0].split("#", 1)[0]
        head_b, body = self.table.get(path) or self.table["\0404"]
        lower = rest.lower()
        close = b"connection: close" in lower or (version == b"HTTP/1.0" and b"keep-alive" not in lower)
        if close:
            head_b = head_b[:-2] + b"Connection: close\r\n\r\n"
        self.transport.write(head_b if method == b"HEAD" else head_b + body)
        if close:
            self.transport.close()


async def _serve(spec: SiteSpec, host: str, main_port: int, cdn_port: int) -> None:
    loop = asyncio.get_running_loop()
    tables: dict[str, dict[str, tuple[bytes, bytes]]] = {"main": {}, "cdn": {}}
    main_srv = await loop.create_server(lambda: _Http(tables["main"]), host, main_port, backlog=1024)
    cdn_srv = await loop.create_server(lambda: _Http(tables["cdn"]), host, cdn_port, backlog=1024)
    mp = main_srv.sockets[0].getsockname()[1]
    cp = cdn_srv.sockets[0].getsockname()[1]
    main, cdn = build_routes(spec, f"http://{host}:{mp}", f"http://{host}:{cp}")
    tables["main"].update(_prerender(main))
    tables["cdn"].update(_prerender(cdn))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(json.dumps({"main": mp, "cdn": cp, **site_stats(main, cdn)}), flush=True)
    await stop.wait()
    main_srv.close()
    cdn_srv.close()


@dataclass
class RunningSite:
    """A site served by a child process; `close()` (or the context manager) stops it."""

    process: subprocess.Popen[str]
    main_base: str
    cdn_base: str
    stats: dict[str, int]

    @property
    def start_url(self) -> str:
        return self.main_base + "/"

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> RunningSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_site(spec: SiteSpec = SiteSpec(), host: str = "127.0.0.1", timeout: float = 120.0) -> RunningSite:
    """Generate and serve the site in a separate process; returns once it listens."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.site", "--pages", str(spec.pages), "--images", str(spec.images),
         "--seed", str(spec.seed), "--host", host],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT), env=env, **ends_with_this_process(),
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)  # the child prints one line when it listens
    line = proc.stdout.readline() if ready else ""
    if not line:
        if proc.poll() is None:
            proc.kill()
        err = proc.stderr.read() if proc.stderr else ""
        proc.wait()
        raise RuntimeError(f"benchmark site failed to start: {err.strip()[-2000:]}")
    info = json.loads(line)
    return RunningSite(proc, f"http://{host}:{info['main']}", f"http://{host}:{info['cdn']}",
                       {k: v for k, v in info.items() if k not in ("main", "cdn")})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site", description=__doc__.split("\n\n")[0])
    default = SiteSpec()  # (an instance: on a slots dataclass, `SiteSpec.seed` is the slot, not 7)
    parser.add_argument("--pages", type=int, default=default.pages)
    parser.add_argument("--images", type=int, default=default.images)
    parser.add_argument("--seed", type=int, default=default.seed)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--main-port", type=int, default=0)
    parser.add_argument("--cdn-port", type=int, default=0)
    args = parser.parse_args(argv)
    if args.pages < 1 or args.images < 0:
        parser.error("--pages must be >= 1 and --images >= 0")
    asyncio.run(_serve(SiteSpec(args.pages, args.images, args.seed), args.host, args.main_port, args.cdn_port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
