"""Sends every request of a crawl — the spider's and ImagesPipeline's — through one proxy."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler


class ProxyEverything:
    """Order 740: just before HttpProxyMiddleware (750), which then uses meta["proxy"]."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyEverything:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        proxy = getattr(self.crawler.spider, "proxy", None)
        if proxy:
            request.meta.setdefault("proxy", proxy)
        return None
