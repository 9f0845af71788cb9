"""A guard factory for `SCRAPEGUARD_GUARD` whose robots.txt reader always fails: used to
check that the guard failing is fail-closed, counted in stats and written to the audit log."""

from __future__ import annotations

from typing import Any

from scrapeguard import Guard
from scrapeguard.resource import FetchResult


class BrokenReader:
    families = ("robots_txt",)
    path = "/robots.txt"
    max_bytes = 1024

    def parse(self, result: FetchResult) -> object:
        raise RuntimeError("reader exploded")

    def evaluate(self, *args: object) -> list[object]:
        return []

    def ttl(self, result: FetchResult) -> float:
        return 60.0


def make(crawler: Any) -> Guard:
    s = crawler.settings
    return Guard(s.get("SCRAPEGUARD_POLICY"), user_agent=s.get("USER_AGENT"), audit=s.get("SCRAPEGUARD_AUDIT"),
                 integration="scrapy", host_files=[BrokenReader()])
