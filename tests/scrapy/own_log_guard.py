"""A `SCRAPEGUARD_GUARD` factory whose guard writes a log of its own (TEST_OWN_LOG), whatever
SCRAPEGUARD_AUDIT names: the case the middleware warns of."""

from __future__ import annotations

from typing import Any

from scrapeguard import Guard


def make(crawler: Any) -> Guard:
    return Guard("gdpr-strict", user_agent="testbot", audit=crawler.settings.get("TEST_OWN_LOG"), integration="scrapy")
