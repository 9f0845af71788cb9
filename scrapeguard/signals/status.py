"""HTTP 402 Payment Required (pay-per-crawl; consent-signals.md §9.3).

A 402 is a refusal for every purpose: the guard never pays on the crawler's behalf.
The quoted price (`crawler-price`) is recorded so an operator can decide to license.
"""

from __future__ import annotations

from scrapeguard.signals.base import Family, ResponseView, Signal, Usage, Verdict


class StatusReader:
    """Reads the response status: 402 -> DENY."""

    families: tuple[Family, ...] = ("http_402",)

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        if response.status != 402:
            return []
        price = response.headers.get("crawler-price")
        detail = "HTTP 402 Payment Required: access is paid, no licence is held"
        if price:
            detail += f" (crawler-price: {price[:100]})"
        return [Signal("http_402", Verdict.DENY, "http.402", detail, f"HTTP status 402 from {response.url[:300]}")]
