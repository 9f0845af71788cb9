"""Crawl a site and hand every image on its pages to ImagesPipeline.

    scrapy crawl site -a base=http://127.0.0.1:8000            # guarded by the add-on
    scrapy crawl site_via_proxy -a base=http://127.0.0.1:8000 -a proxy=http://127.0.0.1:8080
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from scrapeguard.scrapy import emptied_data_uri


class SiteSpider(scrapy.Spider):
    """Pages on the start host; images wherever they are hosted. The guard (add-on) blocks
    what the policy forbids before download, redacts pages with personal images, and
    judges each image with the context its page gave it."""

    name = "site"

    def __init__(self, base: str = "http://127.0.0.1:8000", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base.rstrip("/") + "/"
        self.site = urlsplit(self.base).netloc

    def make_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.refused)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.make_request(self.base)

    def parse(self, response: Response) -> Iterator[Any]:
        if not hasattr(response, "css"):
            return
        yield {
            "url": response.url,
            "status": response.status,
            "guard_action": self.guard_action(response),
            "title": response.css("title::text").get(),
            "image_urls": self.image_urls(response),
        }
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == self.site:
                yield self.make_request(url)

    def image_urls(self, response: Response) -> list[str]:
        """The page's pictures, for ImagesPipeline. The add-on's skips a `data:,` (what a redacted page keeps
        of an inline picture it removed) as nothing to download."""
        return [response.urljoin(s) for s in response.css("img::attr(src)").getall()]

    def guard_action(self, response: Response) -> str:
        """What the add-on decided, from the result it leaves in meta["scrapeguard"]; under a policy
        in audit mode (its "mode": "audit") what it would do, the response passed as it came."""
        result = response.meta.get("scrapeguard", {})
        action = str(result.get("action", "allow"))
        return f"{action} (audit only)" if result.get("mode") == "audit" else action

    def refused(self, failure: Any) -> None:
        self.logger.info("not collected: %s (%s)", failure.request.url, failure.value)


class SiteViaProxySpider(SiteSpider):
    """The same crawl with the guard in `scrapeguard proxy` instead of the add-on:
    Scrapy's HttpProxyMiddleware sends every request through the proxy (meta["proxy"]),
    and blocked resources come back as 451 answers (ImagesPipeline counts them as failed
    downloads and stores nothing), or 503 ones while a site's robots.txt cannot be had."""

    name = "site_via_proxy"
    custom_settings = {
        "SCRAPEGUARD_ENABLED": False,  # the proxy guards this crawl
        "HTTPERROR_ALLOWED_CODES": [451, 503],  # (503: the proxy's, or the site's own: told apart below)
        "DOWNLOADER_MIDDLEWARES": {"demo_crawl.middlewares.ProxyEverything": 740},  # images too
        # Scrapy's own pipeline lists a file its store holds already as "uptodate", never downloaded: through
        # the proxy, never judged. A store of its own, every file fetched again (through the proxy) each crawl
        "IMAGES_STORE": "images_via_proxy",
        "IMAGES_EXPIRES": 0,
    }

    def __init__(self, proxy: str = "http://127.0.0.1:8080", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.proxy = proxy

    def parse(self, response: Response) -> Iterator[Any]:
        if response.status in (451, 503):
            if response.headers.get("X-Scrapeguard-Action") == b"block":
                self.logger.info("blocked by the proxy: %s (%s)", response.url,
                                 response.headers.get("X-Scrapeguard-Reason", b"").decode())
            return
        yield from super().parse(response)

    def image_urls(self, response: Response) -> list[str]:
        """Without the picture the proxy removed from a page it redacted (an inline one it left as `data:,`):
        Scrapy reads a data: URI itself, and Scrapy's stock ImagesPipeline logs an empty one as "empty-content",
        a WARNING and an ERROR with a traceback, where nothing failed."""
        return [url for url in super().image_urls(response) if not emptied_data_uri(url)]

    def guard_action(self, response: Response) -> str:
        """What the proxy decided, from its X-Scrapeguard-Action header (none: allowed); under a
        policy in audit mode (X-Scrapeguard-Mode: audit) what it would do, the answer passed as sent."""
        action = response.headers.get("X-Scrapeguard-Action", b"allow").decode("latin-1")
        audit = response.headers.get("X-Scrapeguard-Mode", b"").decode("latin-1") == "audit"
        return f"{action} (audit only)" if audit else action
