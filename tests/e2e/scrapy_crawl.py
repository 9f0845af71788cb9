"""A real Scrapy crawl of the e2e site, run in a subprocess (the reactor starts once per
process). Prints one JSON object: outcomes per requested URL, scrapeguard stats, stored
image files and the crawl's wall time.

    python tests/e2e/scrapy_crawl.py --start URL [--extra URL…] [--policy P] [--audit PATH]
                                     [--images-store DIR] [--no-guard] [--setting K=V…]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.pipelines.images import ImagesPipeline
from scrapy.spidermiddlewares.httperror import HttpError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from e2e.crawlers import BLOCKED, COLLECTED, REDACTED, extract  # noqa: E402
from scrapeguard.scrapy import ImagesPipeline as GuardedImagesPipeline  # noqa: E402

OUT: dict[str, Any] = {"outcomes": {}, "stats": {}}


def _refused(response: Any) -> bool:
    """The proxy's refusal: a 451, or a 503 it answers while a site's robots.txt is unreachable."""
    blocked = response.headers.get("X-Scrapeguard-Action") == b"block"
    return response.status == 451 or (response.status == 503 and blocked)


def _first_url(request: scrapy.Request) -> str:
    return (request.meta.get("redirect_urls") or [request.url])[0]


def _failure_outcome(failure: Any) -> str:
    exc: BaseException | None = failure.value
    first = type(exc).__name__
    if isinstance(exc, HttpError) and _refused(exc.response):
        return BLOCKED
    if isinstance(exc, HttpError):  # an IgnoreRequest too, but the site's answer: `http-<status>` as for httpx
        return f"http-{exc.response.status}"
    while exc is not None:  # media pipelines wrap the middleware's IgnoreRequest (FileException)
        if isinstance(exc, IgnoreRequest) or str(exc).startswith("scrapeguard:"):
            return BLOCKED
        exc = exc.__cause__ or exc.__context__
    return f"error:{first}"


class RecordingImagesPipeline(ImagesPipeline):
    """ImagesPipeline that records, per image URL, whether it was stored or refused. Scrapy's own, for
    the crawl without the guard; a guarded crawl uses `GuardedRecordingImagesPipeline`."""

    def item_completed(self, results: list[Any], item: Any, info: Any) -> Any:
        redacted = OUT.setdefault("redacted_urls", [])
        for url, (ok, value) in zip(item["image_urls"], results, strict=False):
            OUT.setdefault("pipeline_urls", []).append(url)
            if ok:
                OUT["outcomes"][url] = REDACTED if url in redacted else COLLECTED
                OUT.setdefault("stored", []).append(value["path"])
            elif url in OUT.get("refused_urls", []):
                OUT["outcomes"][url] = BLOCKED
            else:
                OUT["outcomes"][url] = _failure_outcome(value)
        return super().item_completed(results, item, info)


class GuardedRecordingImagesPipeline(RecordingImagesPipeline, GuardedImagesPipeline):
    """The same, over scrapeguard's ImagesPipeline, which the add-on puts in place of Scrapy's (a
    subclass of Scrapy's own is left as it is, with a warning): as a guarded project crawls, each stored
    file recorded against the decision that let it in."""


class SiteSpider(scrapy.Spider):
    name = "e2e"

    def __init__(self, start: str, extra: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url, self.extra = start, extra
        self.hosts = {urlsplit(start).netloc} | {urlsplit(u).netloc for u in extra}
        self.seen: set[str] = {start}
        self.extra_done = False
        self.purpose = kwargs.get("purpose")
        self.proxy = kwargs.get("proxy")

    def request(self, url: str) -> scrapy.Request:
        meta = {"scrapeguard_purpose": self.purpose} if self.purpose else {}
        if self.proxy:
            meta["proxy"] = self.proxy
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.received, signal=signals.response_received)
        return spider

    def received(self, response: Any, request: Any, spider: Any = None) -> None:
        # Guarded by the middleware: a flag. Through the proxy: its 451 / X-Scrapeguard-* headers.
        via_proxy = response.headers.get("X-Scrapeguard-Action", b"") == b"redact" and \
            response.headers.get("X-Scrapeguard-Mode") != b"audit"
        if "scrapeguard-redacted" in response.flags or via_proxy:
            OUT.setdefault("redacted_urls", []).append(response.url)
        if _refused(response):
            OUT.setdefault("refused_urls", []).append(response.url)

    async def start(self) -> Any:  # type: ignore[override]
        yield self.request(self.start_url)

    def parse(self, response: Any) -> Any:
        url = _first_url(response.request)
        if _refused(response):
            OUT["outcomes"][url] = BLOCKED
            return
        OUT["outcomes"][url] = REDACTED if response.url in OUT.get("redacted_urls", []) else COLLECTED
        OUT.setdefault("sizes", {})[url] = len(response.body)
        if not isinstance(response, HtmlResponse):
            return
        links, images = extract(response.body, response.url)
        for u in links:
            if u not in self.seen and urlsplit(u).netloc in self.hosts:
                self.seen.add(u)
                yield self.request(u)
        fresh = [u for u in images if u not in self.seen and urlsplit(u).netloc in self.hosts]
        self.seen.update(fresh)
        if fresh:
            yield {"page": response.url, "image_urls": fresh}

    def failed(self, failure: Any) -> None:
        OUT["outcomes"][_first_url(failure.request)] = _failure_outcome(failure)

    def idle(self, spider: Any = None) -> None:
        if self.extra_done:
            return
        self.extra_done = True
        pending = [u for u in self.extra if u not in self.seen]
        self.seen.update(pending)
        for u in pending:
            self.crawler.engine.crawl(self.request(u))
        if pending:
            raise DontCloseSpider


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--start", required=True)
    p.add_argument("--extra", action="append", default=[])
    p.add_argument("--policy", default="gdpr-strict")
    p.add_argument("--audit", default="false")
    p.add_argument("--images-store", required=True)
    p.add_argument("--no-guard", action="store_true")
    p.add_argument("--purpose-meta", default=None, help='set meta["scrapeguard_purpose"] on the spider\'s requests')
    p.add_argument("--proxy-meta", default=None, help='set meta["proxy"] on the spider\'s requests')
    p.add_argument("--setting", action="append", default=[], help="extra Scrapy setting K=V (V parsed as JSON if possible)")
    args = p.parse_args()
    settings: dict[str, Any] = {
        "USER_AGENT": "E2EBot/1.0",
        "ROBOTSTXT_OBEY": False,  # the guard decides; Scrapy's own robots middleware would hide it
        "ITEM_PIPELINES": {RecordingImagesPipeline if args.no_guard else GuardedRecordingImagesPipeline: 1},
        "IMAGES_STORE": args.images_store,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 8,
        "HTTPERROR_ALLOWED_CODES": [451],  # through the proxy, a block is a 451 answer (a 503 fails: `_refused`)
    }
    if not args.no_guard:
        settings.update({"ADDONS": {"scrapeguard.scrapy.Addon": 0}, "SCRAPEGUARD_POLICY": args.policy,
                         "SCRAPEGUARD_AUDIT": args.audit})
    for kv in args.setting:
        key, _, value = kv.partition("=")
        try:
            settings[key] = json.loads(value)
        except json.JSONDecodeError:
            settings[key] = value
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    t0 = time.perf_counter()
    process.crawl(crawler, start=args.start, extra=args.extra, purpose=args.purpose_meta, proxy=args.proxy_meta)
    process.start()
    OUT["elapsed"] = time.perf_counter() - t0
    OUT["stats"] = {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("scrapeguard/")}
    OUT["finish_reason"] = crawler.stats.get_value("finish_reason")
    print("E2E-RESULT " + json.dumps(OUT, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
