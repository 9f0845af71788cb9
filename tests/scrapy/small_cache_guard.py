"""A `SCRAPEGUARD_GUARD` factory whose host-file cache holds one origin's files (TEST_HOST_CACHE_SIZE
entries): other origins' fetches push them out before a request is decided, as a broad crawl with
more origins in flight than the cache holds does."""

from __future__ import annotations

from typing import Any

from scrapeguard import Guard


def make(crawler: Any) -> Guard:
    s = crawler.settings
    return Guard(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"),
                 audit=s.get("SCRAPEGUARD_AUDIT") or False, integration="scrapy",
                 host_cache_size=s.getint("TEST_HOST_CACHE_SIZE"))
