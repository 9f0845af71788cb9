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
from lxml import etree

COLLECTED, REDACTED, BLOCKED = "collected", "redacted", "blocked"


def extract(body: bytes, base: str) -> tuple[list[str], list[str]]:
    """(links, images) of an HTML page, absolute (against `base`, the URL the page came from, after
    any redirect, as a browser and Scrapy resolve them), in document order; none of a body lxml
    finds no document in (a page cut short that decoded to its first bytes)."""
    try:
        root = lxml.html.document_fromstring(body)
    except etree.ParserError:
        return [], []
    links = [urldefrag(urljoin(base, a.get("href")))[0] for a in root.iter("a") if a.get("href")]
    images = [urljoin(base, i.get("src")) for i in root.iter("img") if i.get("src")]
    return links, images


def classify(status: int, headers: httpx.Headers) -> str:
    """The outcome of an answer: an error page is `http-<status>` even when redacted, as a Scrapy
    spider gets it (HttpErrorMiddleware hands it to the errback, not to the callback)."""
    if status == 451 or (status == 503 and headers.get("x-scrapeguard-action") == "block"):  # (robots.txt down)
        return BLOCKED
    if not 200 <= status < 300:
        return f"http-{status}"
    if headers.get("x-scrapeguard-action") == "redact" and headers.get("x-scrapeguard-mode") != "audit":
        return REDACTED
    return COLLECTED


Fetch = Callable[[str], Awaitable[tuple[str, bytes, str, str]]]  # url -> (outcome, body, content type, final URL)


async def crawl(fetch: Fetch, start: str, extra: list[str], hosts: set[str], concurrency: int = 8) -> dict[str, str]:
    """`fetch(url) -> (outcome, body, content_type, final_url)`; returns {url: outcome}."""
    outcomes: dict[str, str] = {}
    seen: set[str] = {start}
    level = [start]
    sem = asyncio.Semaphore(concurrency)

    async def one(url: str) -> list[str]:
        async with sem:
            outcome, body, ctype, final = await fetch(url)
        outcomes[url] = outcome
        if outcome in (COLLECTED, REDACTED) and ctype.startswith("text/html"):
            links, images = extract(body, final)
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


def httpx_fetcher(client: httpx.AsyncClient | httpx.Client) -> Fetch:
    """The crawler's fetch through an httpx client; a sync one's requests are made in worker threads
    (several at once, as a threaded crawler makes them)."""
    async def fetch(url: str) -> tuple[str, bytes, str, str]:
        try:
            if isinstance(client, httpx.AsyncClient):
                r = await client.get(url)
            else:
                r = await asyncio.to_thread(client.get, url)
        except httpx.HTTPError as exc:
            return f"error:{type(exc).__name__}", b"", "", url
        return classify(r.status_code, r.headers), r.content, r.headers.get("content-type", ""), str(r.url)

    return fetch


async def crawl_with_client(client: httpx.AsyncClient | httpx.Client, start: str, extra: list[str], hosts: set[str]) -> tuple[dict[str, str], float]:
    """Outcomes and wall time of one crawl."""
    t0 = time.perf_counter()
    outcomes = await crawl(httpx_fetcher(client), start, extra, hosts)
    return outcomes, time.perf_counter() - t0
