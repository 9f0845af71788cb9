"""Bounded caches: by number of entries, and by what they hold when entries differ in size."""

from __future__ import annotations

import pytest

from scrapeguard.cache import BoundedCache, LossyKeySet
from scrapeguard.guard import HOST_CACHE_BYTES, HOST_FILE_OVERHEAD, Guard
from scrapeguard.resource import FetchResult


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.get("a") == 1
    cache.set("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3


def test_entries_that_weigh_too_much_together_are_dropped_oldest_first() -> None:
    cache: BoundedCache[str, str] = BoundedCache(100, max_weight=10)
    cache.set("small", "s", weight=2)
    cache.set("big", "b", weight=7)
    cache.set("more", "m", weight=3)  # 12 > 10: the oldest goes
    assert "small" not in cache and cache.weight == 10
    cache.set("big", "b2", weight=1)  # a replaced entry's weight is its new one
    assert cache.weight == 4 and cache.get("big") == "b2"
    cache.set("huge", "h", weight=50)  # heavier than the budget alone: kept, all the others go
    assert len(cache) == 1 and cache.get("huge") == "h"
    assert cache.pop("huge") == "h" and cache.weight == 0


def test_an_entry_the_limits_push_out_is_handed_to_the_eviction_hook_and_no_other() -> None:
    gone: list[tuple[str, int]] = []
    cache: BoundedCache[str, int] = BoundedCache(2, on_evict=lambda k, v: gone.append((k, v)))
    cache.set("a", 1)
    cache.set("b", 2)
    cache.set("a", 10)  # replaced, not pushed out
    assert cache.pop("b") == 2 and gone == []  # popped, not pushed out
    cache.set("c", 3)
    cache.set("d", 4)
    assert gone == [("a", 10)]


def test_an_expired_entry_no_longer_counts() -> None:
    now = [0.0]
    cache: BoundedCache[str, str] = BoundedCache(10, clock=lambda: now[0], max_weight=10)
    cache.set("a", "x", ttl=1.0, weight=6)
    now[0] = 2.0
    assert cache.get("a") is None and cache.weight == 0


def test_a_bad_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="max_weight"):
        BoundedCache(1, max_weight=0)


def test_the_guards_host_cache_is_bounded_by_what_the_files_hold() -> None:
    """Entries were counted, not weighed: a spider trap of subdomains each serving a 500 KiB
    robots.txt (~7 MB once parsed) filled all 4096 entries (~16 GB)."""
    guard = Guard("gdpr-strict", audit=False)
    robots = b"User-agent: *\nDisallow: /private/\n" + b"# " + b"x" * (500 * 1024) + b"\n"  # (cheap to parse)
    for n in range(100):
        guard.store_host_file(f"https://s{n}.trap.example/robots.txt",
                              FetchResult(f"https://s{n}.trap.example/robots.txt", 200, body=robots))
    assert guard._host_cache.weight <= HOST_CACHE_BYTES and len(guard._host_cache) < 100
    guard.close()


def test_a_larger_host_cache_size_keeps_that_many_ordinary_files() -> None:
    """The byte budget was fixed: raising host_cache_size past ~16,000 files of ordinary size
    kept no more of them, and a broad crawl fetched robots.txt again from sites it had seen."""
    guard = Guard("gdpr-strict", audit=False, host_cache_size=30_000)
    robots = b"User-agent: *\nDisallow: /private/\n" + b"# " + b"x" * 3000 + b"\n"
    for n in range(20_000):
        url = f"https://s{n}.example/robots.txt"
        guard.store_host_file(url, FetchResult(url, 200, body=robots))
    assert len(guard._host_cache) == 20_000
    assert guard._host_cache.weight > HOST_CACHE_BYTES and 20_000 * HOST_FILE_OVERHEAD < guard._host_cache.weight
    guard.close()


class TestLossyKeySet:
    """What a bounded cache forgot but must still count: never no for a key added, rarely yes for another."""

    def test_every_key_added_is_found_whatever_its_sign_or_size(self) -> None:
        keys = [hash(f"https://cdn.example.org/{i}.jpg") for i in range(5000)] + [0, -1, 2**63 - 1, -(2**63)]
        lost = LossyKeySet(1 << 16)
        for key in keys:
            lost.add(key)
        assert all(key in lost for key in keys) and lost.added == len(keys)

    def test_a_key_never_added_is_rarely_found_while_the_set_is_roomy(self) -> None:
        lost = LossyKeySet(1 << 20)
        for i in range(50_000):  # (about 21 bits a key)
            lost.add(hash(f"https://cdn.example.org/a/{i}.jpg"))
        false = sum(hash(f"https://cdn.example.org/b/{i}.jpg") in lost for i in range(20_000))
        assert false < 200  # (about 0.25 % expected with three hashes)

    def test_an_empty_set_holds_nothing_and_a_set_too_small_is_refused(self) -> None:
        lost = LossyKeySet(64)
        assert 12345 not in lost and "12345" not in lost
        with pytest.raises(ValueError):
            LossyKeySet(4)
