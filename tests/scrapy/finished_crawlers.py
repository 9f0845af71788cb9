"""Several guarded crawls one after the other in one process, as a service running crawls with
AsyncCrawlerRunner does: are the finished crawlers (engine, stats, middleware, guard) freed?

    python tests/scrapy/finished_crawlers.py URL N

Prints one line ``FINISHED-CRAWLERS <json>``: ``{"crawls": N, "alive": crawlers still referred
to after gc}``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import weakref
from typing import Any

from scrapy.utils.reactor import install_reactor

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

import scrapy  # noqa: E402
from scrapy.crawler import AsyncCrawlerRunner  # noqa: E402
from twisted.internet import defer, reactor  # noqa: E402


class OnePage(scrapy.Spider):
    name = "one"

    def parse(self, response: Any) -> None:
        return None


async def crawls(url: str, n: int) -> None:
    runner = AsyncCrawlerRunner({"ADDONS": {"scrapeguard.scrapy.Addon": 0}, "SCRAPEGUARD_AUDIT": False,
                                 "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "USER_AGENT": "RunBot/1.0"})
    refs = []
    for _ in range(n):
        crawler = runner.create_crawler(type("OnePageSpider", (OnePage,), {"start_urls": [url]}))
        refs.append(weakref.ref(crawler))
        await runner.crawl(crawler)
        del crawler
    gc.collect()
    print("FINISHED-CRAWLERS " + json.dumps({"crawls": n, "alive": sum(ref() is not None for ref in refs)}))


def main() -> int:
    url, n = sys.argv[1], int(sys.argv[2])

    def start() -> None:
        done = defer.Deferred.fromFuture(asyncio.ensure_future(crawls(url, n)))
        done.addErrback(lambda failure: failure.printTraceback())
        done.addBoth(lambda _: reactor.stop())  # type: ignore[attr-defined]

    reactor.callWhenRunning(start)  # type: ignore[attr-defined]
    reactor.run()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
