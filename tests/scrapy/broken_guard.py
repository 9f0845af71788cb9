"""A guard factory for `SCRAPEGUARD_GUARD` whose robots.txt reader always fails: used to
check that the guard failing is fail-closed, counted in stats and written to the audit log."""

from __future__ import annotations

from typing import Any

from scrapeguard import Guard
from guardkit import BrokenReader


def make(crawler: Any) -> Guard:
    s = crawler.settings
    return Guard(s.get("SCRAPEGUARD_POLICY"), user_agent=s.get("USER_AGENT"), audit=s.get("SCRAPEGUARD_AUDIT"),
                 integration="scrapy", host_files=[BrokenReader()])
