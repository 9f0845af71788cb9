"""Scrapy's RobotsTxtMiddleware, with every request queued while a host's robots.txt loads checked.

In Scrapy 2.13 and later (its `robot_parser` a coroutine), the requests that arrive while a host's
robots.txt is being fetched each await the one Deferred the fetch fires; the first to await takes the
parser, and its callback hands the others None, which RobotsTxtMiddleware reads as "no robots.txt":
allowed (scrapy#6802). Under a policy that only records robots.txt (`log-only`), where the docs leave
obeying it to Scrapy (ROBOTSTXT_OBEY = True), 4 of 6 disallowed pages requested at once reached the
spider (Scrapy review). This one reads the parser the fetch kept for the host when the Deferred handed
it none: what Scrapy decides for the first request, it decides for each. The add-on puts it in the
place of Scrapy's; where Scrapy's `robot_parser` is no coroutine (before 2.13), Scrapy's stays.
"""

from __future__ import annotations

import inspect
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

# Whether Scrapy's middleware has the flaw this one mends (its `robot_parser` awaited by each request)
MENDS_SCRAPY: bool = inspect.iscoroutinefunction(ScrapyRobotsTxtMiddleware.robot_parser)


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, each request that waited for its host's robots.txt given its parser."""

    async def robot_parser(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        parser = await super().robot_parser(request, *args, **kwargs)
        if parser is None:
            # (None from the shared Deferred, whose first awaiter took the parser; None kept for the host is
            # Scrapy's own "no robots.txt": a failed fetch, left as Scrapy reads it)
            kept = getattr(self, "_parsers", {}).get(urlparse_cached(request).netloc)
            if kept is not None and not isinstance(kept, Deferred):
                return kept
        return parser
