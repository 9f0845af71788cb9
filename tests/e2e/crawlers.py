"""The same small crawler for every integration, so outcomes are comparable.

Breadth-first from the start page over the site's own hosts: pages' links and images are
taken from the body the crawler *received* (so an image removed by a redaction is never
requested), then the site's `extra_urls` are requested once every page is done.
Outcome per requested URL: collected, redacted, blocked, or `http-<status>` / `error:<type>`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import lxml.html

COLLECTED, REDACTED, BLOCKED = "collected", "redacted", "blocked"


def extract(body: bytes, base: str) -> tuple[list[str], list[str]]:
    """(links, images) of an HTML page, absolute, in document order."""
    if not body.strip():
        return [], []
    root = lxml.html.document_fromstring(body)
    links = [urldefrag(urljoin(base, a.get("href")))[0] for a in root.iter("a") if a.get("href")]
    images = [urljoin(base, i.get("src")) for i in root.iter("img") if i.get("src")]
    return links, images


def classify(status: int, headers: httpx.Headers) -> str:
    if status == 451:
        return BLOCKED
    if headers.get("x-scrapeguard-action") == "redact" and headers.get("x-scrapeguard-mode") != "audit":
        return REDACTED
    if 200 <= status < 300:
        return COLLECTED
    return f"http-{status}"


Fetch = Callable[[str], Awaitable[tuple[str, bytes, str]]]


async def crawl(fetch: Fetch, start: str, extra: list[str], hosts: set[str], concurrency: int = 8) -> dict[str, str]:
    """`fetch(url) -> (outcome, body, content_type)`; returns {url: outcome}."""
    outcomes: dict[str, str] = {}
    seen: set[str] = {start}
    level = [start]
    sem = asyncio.Semaphore(concurrency)

    async def one(url: str) -> list[str]:
        async with sem:
            outcome, body, ctype = await fetch(url)
        outcomes[url] = outcome
        if outcome in (COLLECTED, REDACTED) and ctype.startswith("text/html"):
            links, images = extract(body, url)
            return [u for u in links + images if urlsplit(u).netloc in hosts]
        return []

    while level:
        found = await asyncio.gather(*(one(u) for u in level))
        level = []
        for urls in found:
            for u in urls:
                if u not in seen:
                    seen.add(u)
                    level.append(u)
    await asyncio.gather(*(one(u) for u in extra if u not in seen))
    return outcomes


def httpx_fetcher(client: httpx.AsyncClient) -> Fetch:
    async def fetch(url: str) -> tuple[str, bytes, str]:
        try:
            r = await client.get(url)
        except httpx.HTTPError as exc:
            return f"error:{type(exc).__name__}", b"", ""
        return classify(r.status_code, r.headers), r.content, r.headers.get("content-type", "")

    return fetch


async def crawl_with_client(client: httpx.AsyncClient, start: str, extra: list[str], hosts: set[str]) -> tuple[dict[str, str], float]:
    """Outcomes and wall time of one crawl."""
    t0 = time.perf_counter()
    outcomes = await crawl(httpx_fetcher(client), start, extra, hosts)
    return outcomes, time.perf_counter() - t0
