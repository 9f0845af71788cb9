"""A `SCRAPEGUARD_GUARD` factory whose audit log fails the first write of a request-stage decision for a URL ending
in `/flaky.html`, as a log another process holds locked past the busy timeout fails it: a refusal that passes with
time (`audit.write_failed`), before the request is sent."""

from __future__ import annotations

import sqlite3
from typing import Any

from scrapeguard import Guard
from scrapeguard.decision import Decision


class FlakyLog:
    """An audit sink in memory, locked once."""

    def __init__(self) -> None:
        self.failed = False
        self.written: list[Decision] = []

    def append(self, decision: Decision) -> None:
        if not self.failed and decision.stage == "request" and decision.url.endswith("/flaky.html"):
            self.failed = True
            raise sqlite3.OperationalError("database is locked")
        self.written.append(decision)

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None:
        return None


def make(crawler: Any) -> Guard:
    s = crawler.settings
    return Guard(s.get("SCRAPEGUARD_POLICY") or "gdpr-strict", user_agent=s.get("USER_AGENT"), audit=FlakyLog(),
                 integration="scrapy")
