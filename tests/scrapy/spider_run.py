"""Real Scrapy crawls in one CrawlerProcess, for what `tests/e2e/scrapy_crawl.py` does not
show: the Response each callback gets (class, flags, meta["scrapeguard"], whether `.css()`
works), errback messages, spider attributes (`handle_httpstatus_list`), and several crawlers
running at once (a guard shared between them).

    python tests/scrapy/spider_run.py SPEC.json

SPEC: {"settings": {...common...}, "crawls": [{"start": [url…], "settings": {...},
"spider": {attribute: value}, "follow": bool, "copy_meta": bool, "request": {"meta": {...},
"headers": {...}}, "purposes": [purpose…], "close_after": n, "items": bool, "item_images": [url…],
"stop_after": n, "stop_host_files": bool, "stop_fails": bool}]} (copy_meta: links are followed with
`meta=response.meta`, as older spiders pass data on; request: the start requests' meta and headers; purposes:
each start request's meta["scrapeguard_purpose"], in the order of `start` (null: none), the requests sent in
that order; close_after: the spider closes once n responses are parsed, their links scheduled: with JOBDIR, a
pause; items: each page is an item `{"page", "image_urls"}` for the media pipelines (item_images: each item's
image_urls are these, as a spider that knows them from elsewhere, not the page's `<img>`, which a redacted page
lost); stop_after: a download is stopped, `StopDownload(fail=False)`, from a bytes_received handler once n bytes
of its body came, the spider taking the part (flagged download_stopped); stop_host_files: the guard's own host
file downloads (robots.txt …) are stopped so too; stop_fails: stopped with fail=True, the errback getting the
part (`failure.value.response`); the common setting
TWISTED_REACTOR_ENABLED = False runs them without a Twisted reactor). Prints one line
``RUN-RESULT <json>``: per crawl ``{"responses": {url: {...}}, "failures": {url: {...}},
"stats": {"scrapeguard/…" and "retry/…": n}}``.
"""

from __future__ import annotations

import json
import sys
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy import signals
from scrapy.exceptions import CloseSpider, IgnoreRequest, StopDownload


def _title(response: Any) -> str | None:
    try:
        return response.css("title::text").get()
    except Exception as exc:  # noqa: BLE001 - a plain Response has no selector: that is the finding
        return f"{type(exc).__name__}"


class RunSpider(scrapy.Spider):
    name = "run"
    start_list: list[str] = []
    follow = False
    copy_meta = False
    start_request: dict[str, Any] = {}
    purposes: list[str | None] = []
    close_after = 0
    items = False
    item_images: list[str] = []
    stop_after = 0
    stop_host_files = False
    stop_fails = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.stop_after:
            crawler.signals.connect(spider.bytes_received, signal=signals.bytes_received)
        return spider

    def bytes_received(self, data: bytes, request: Any, spider: Any) -> None:
        if request.meta.get("scrapeguard_host_file") and not self.stop_host_files:  # (the guard's own fetches)
            return
        got = request.meta["run_bytes"] = request.meta.get("run_bytes", 0) + len(data)
        if got >= self.stop_after:
            raise StopDownload(fail=self.stop_fails)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out: dict[str, Any] = {"responses": {}, "failures": {}}
        self.seen: set[str] = set(self.start_list)

    async def start(self) -> Any:  # type: ignore[override]
        for i, url in enumerate(self.start_list):
            asked = dict(self.start_request)
            if self.purposes:  # (each its own; in order: the first start request gets the highest priority)
                asked["meta"] = {**asked.get("meta", {}), "scrapeguard_purpose": self.purposes[i]}
                asked["priority"] = len(self.start_list) - i
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, **asked)

    def parse(self, response: Any) -> Any:
        self.out["responses"][response.url] = {
            "status": response.status, "cls": type(response).__name__, "flags": list(response.flags),
            "guard": response.meta.get("scrapeguard"), "size": len(response.body), "title": _title(response),
        }
        if self.items and hasattr(response, "css"):
            shown = [response.urljoin(s) for s in response.css("img::attr(src)").getall()]
            yield {"page": response.url, "image_urls": self.item_images or shown}
        if self.follow and hasattr(response, "css"):
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if url not in self.seen and urlsplit(url).netloc == urlsplit(response.url).netloc:
                    self.seen.add(url)
                    yield scrapy.Request(url, callback=self.parse, errback=self.failed,
                                         meta=response.meta if self.copy_meta else None)
        if self.close_after and len(self.out["responses"]) >= self.close_after:
            raise CloseSpider("close_after")  # (what it scheduled stays in JOBDIR's queue)

    def failed(self, failure: Any) -> None:
        self.out["failures"][failure.request.url] = {
            "error": f"{type(failure.value).__name__}: {failure.value}"[:400],
            "ignored": isinstance(failure.value, IgnoreRequest),  # (the guard's `Refused` is one)
            "guard": failure.request.meta.get("scrapeguard"),
            "response_flags": list(getattr(getattr(failure.value, "response", None), "flags", None) or []),
        }


def main() -> int:
    spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
    settings = {"LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": False, "USER_AGENT": "RunBot/1.0",
                "ROBOTSTXT_OBEY": False, "ADDONS": {"scrapeguard.scrapy.Addon": 0}, "SCRAPEGUARD_AUDIT": False,
                **spec.get("settings", {})}
    if settings.get("TWISTED_REACTOR_ENABLED") is False:  # (Scrapy's asyncio-only mode: its own process class)
        from scrapy.crawler import AsyncCrawlerProcess

        process: Any = AsyncCrawlerProcess(settings)
    else:
        process = CrawlerProcess(settings)
    runs = []
    for i, crawl in enumerate(spec["crawls"]):
        attrs = {"name": f"run{i}", "start_list": crawl["start"], "follow": crawl.get("follow", False),
                 "copy_meta": crawl.get("copy_meta", False), "start_request": crawl.get("request", {}),
                 "purposes": crawl.get("purposes", []),
                 "close_after": crawl.get("close_after", 0), "items": crawl.get("items", False),
                 "item_images": crawl.get("item_images", []),
                 "stop_after": crawl.get("stop_after", 0), "stop_host_files": crawl.get("stop_host_files", False),
                 "stop_fails": crawl.get("stop_fails", False),
                 "custom_settings": crawl.get("settings", {}),
                 **crawl.get("spider", {})}
        crawler = process.create_crawler(type(f"RunSpider{i}", (RunSpider,), attrs))
        process.crawl(crawler)
        runs.append(crawler)
    process.start()
    out = []
    for crawler in runs:
        assert crawler.spider is not None
        stats = {k: v for k, v in crawler.stats.get_stats().items() if k.startswith(("scrapeguard/", "retry/"))}
        logged = {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("log_count/")}
        out.append({**crawler.spider.out, "stats": stats, "log_counts": logged})
    print("RUN-RESULT " + json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
