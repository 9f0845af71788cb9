"""The crawl benchmark compares like with like: each side of a pair goes first in turn, and the guarded side's
one-time set-up is done before its timer starts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_crawl import VARIANTS, crawl_order, repetitions, run_child, warm_up  # noqa: E402
from benchmarks.common import BENCH_USER_AGENT, write_policies  # noqa: E402
from benchmarks.site import SiteSpec, start_site  # noqa: E402


def test_each_side_of_a_pair_goes_first_in_turn() -> None:
    """Rotating the whole round ran plain httpx just before guarded httpx in all three rounds, and plain Scrapy
    first in two: a drift on the machine then weighed on one side of the pair."""
    order = crawl_order(list(VARIANTS), {v: repetitions(v, 3, quick=False) for v in VARIANTS})
    assert order == ["scrapy-plain", "scrapy-off", "scrapy-on", "scrapy-off-noaudit",  # round 0: faces on and the
                     "httpx-off-noaudit", "httpx-on", "httpx-off", "httpx-plain",  # diagnostic run once
                     "scrapy-off", "scrapy-plain", "httpx-plain", "httpx-off",
                     "scrapy-plain", "scrapy-off", "httpx-off", "httpx-plain"]
    for framework in ("scrapy", "httpx"):
        pair = [v for v in order if v in (f"{framework}-plain", f"{framework}-off")]
        firsts = [pair[i] for i in range(0, 6, 2)]
        assert firsts[0] != firsts[1] != firsts[2] and {*firsts} == {f"{framework}-plain", f"{framework}-off"}


def test_a_quick_run_is_one_round_with_plain_first_for_one_framework_and_guarded_for_the_other() -> None:
    """A quick run ran every plain side first (a guarded Scrapy crawl came out 0.73x its plain one)."""
    quick = crawl_order(list(VARIANTS), {v: repetitions(v, 1, quick=True) for v in VARIANTS})
    assert quick == ["scrapy-plain", "scrapy-off", "httpx-on", "httpx-off", "httpx-plain"]


def test_no_repetition_is_no_crawl() -> None:
    assert crawl_order(list(VARIANTS), {v: 0 for v in VARIANTS}) == []
    assert crawl_order([], {}) == []


class _Kept:
    """An audit sink that keeps the decisions."""

    def __init__(self) -> None:
        self.decisions: list[Any] = []

    def append(self, decision: Any) -> None:
        self.decisions.append(decision)

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None:
        return None


def test_the_warm_up_judges_a_page_and_a_portrait_with_the_detector_on_a_host_of_its_own(tmp_path: Path) -> None:
    """The first image check after the guard is built cost 97 ms faces off and 385 ms faces on (the detector's
    load), later ones 3.6 and ~48 ms: inside the guarded crawl's timed window, which the plain side has no
    counterpart of. The crawled site's host files are left for the crawl to fetch."""
    from scrapeguard.guard import Guard

    kept = _Kept()
    guard = Guard(str(write_policies(tmp_path)["on"]), user_agent=BENCH_USER_AGENT, audit=kept, integration="httpx")
    site = "http://127.0.0.1:8/"
    needed = guard.host_files_needed(site)
    assert warm_up(guard) > 0
    assert [d.url for d in kept.decisions] == ["http://warm-up.invalid/", "http://warm-up.invalid/portrait.jpg"]
    assert "face.detected" in [f.code for f in kept.decisions[1].findings]  # (the detector ran)
    assert guard.host_files_needed(site) == needed and needed


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize("framework", ["scrapy", "httpx"])
def test_a_guarded_crawl_is_warmed_before_its_timer_and_a_plain_one_has_nothing_to_warm(framework: str,
                                                                                       tmp_path: Path) -> None:
    policies = write_policies(tmp_path)
    with start_site(SiteSpec(6, 12)) as site:
        guarded = run_child(framework, site.start_url, policies["on"], concurrency=4)
        plain = run_child(framework, site.start_url, None, concurrency=4)
    assert guarded["warm_up_seconds"] > 0 and guarded["pages"] > 0 and guarded["images"] > 0
    assert plain["warm_up_seconds"] is None and plain["pages"] >= 6


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_the_scrapy_crawl_counts_each_page_once_and_does_the_httpx_crawls_work(tmp_path: Path) -> None:
    """Scrapy fetched the home page twice (start_urls are not filtered) and counted it twice: 44 pages of the
    site's 43, so a plain crawl one page short passed for whole, and it did a request more than httpx."""
    with start_site(SiteSpec(6, 12)) as site:
        scrapy = run_child("scrapy", site.start_url, None, concurrency=4)
        httpx = run_child("httpx", site.start_url, None, concurrency=4)
    assert (scrapy["pages"], scrapy["images"]) == (site.stats["pages"], site.stats["images"])
    assert scrapy["responses"] == httpx["responses"]
