"""Guarded vs unguarded crawl of the generated local site, Scrapy and httpx.

Each crawl runs in its own process (Twisted's reactor cannot restart, and a fresh
process gives every variant the same cold start): plain Scrapy vs Scrapy with the
add-on, plain `httpx.AsyncClient` vs the same client over `AsyncGuardTransport`, with
face detection off and on (temp policies extending gdpr-strict). Both sides of a pair
use the same spider/crawler code, the same concurrency and ROBOTSTXT_OBEY off, so the
difference is the guard (which reads robots.txt itself). Variants run interleaved (each
side of a pair first in turn) and each figure is the median of several runs; the time is
measured inside the child from the first request to the last response (interpreter start-up
and imports excluded, and the guard's one-time set-up: it judges a page and a portrait of its
own first, `warm_up`). The guard refuses the site's opted-out pages before fetching them,
so its crawl fetches less: the ratio is of the time per page or image got, and a crawl that
errs or falls short of the site is an error row, not a figure.

    python -m benchmarks.bench_crawl             # this benchmark alone
    python -m benchmarks.bench_crawl --child scrapy --start URL [--policy P --audit A]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from benchmarks.common import (
    BENCH_USER_AGENT,
    Figure,
    ends_with_this_process,
    figure,
    median,
    stop_on_sigterm,
    unavailable,
    write_policies,
)
from benchmarks.site import ROOT, SiteSpec, portrait_jpeg, start_site

if TYPE_CHECKING:
    from scrapeguard.guard import Guard

CONCURRENCY = 32
TARGET_FACES_OFF = 1.10
FULL = {"spec": SiteSpec(2000, 4000), "reps": 3}
QUICK = {"spec": SiteSpec(40, 80), "reps": 1}
CHILD_TIMEOUT = 900


# ----------------------------------------------------------------- the crawlers
WARM_UP_ORIGIN = "http://warm-up.invalid"
WARM_UP_PAGE = (b'<!DOCTYPE html><html lang="en"><head><title>Warm-up</title></head>'
                b'<body><p>Nothing to see.</p><img src="/logo.png" alt="Logo"></body></html>')


def warm_up(guard: Guard) -> float:
    """Judge one tiny page and one portrait with `guard` before the crawl's timer starts; the seconds it took.
    The guard's one-time set-up (its first image check: 97 ms faces off, 385 ms faces on with the detector's
    load, against 3.6 and ~48 ms later) fell inside the guarded crawl's timed window only. On a host of its own,
    whose host files are answered here (none): the crawled site's are still fetched in the window, as in a crawl."""
    from scrapeguard.resource import FetchResult, Headers

    t0 = time.perf_counter()
    page = WARM_UP_ORIGIN + "/"
    for file_url in guard.host_files_needed(page):
        guard.store_host_file(file_url, FetchResult(file_url, 404, Headers([("Content-Type", "text/plain")]), b""))
    guard.check_response(page, 200, [("Content-Type", "text/html; charset=utf-8")], WARM_UP_PAGE)
    guard.check_response(WARM_UP_ORIGIN + "/portrait.jpg", 200, [("Content-Type", "image/jpeg")], portrait_jpeg())
    return time.perf_counter() - t0


def _scrapy_guard(crawler: Any) -> Guard | None:
    """The guard of the crawl's GuardMiddleware (built with the downloader, before the spider opens)."""
    from scrapeguard.scrapy import GuardMiddleware

    middlewares = crawler.engine.downloader.middleware.middlewares
    return next((m.guard for m in middlewares if isinstance(m, GuardMiddleware)), None)


def _same_site(url: str, hosts: set[str]) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.netloc in hosts


def scrapy_crawl(start: str, policy: str | None, audit: str | None, concurrency: int) -> dict[str, Any]:
    """One Scrapy crawl; the guard is on iff `policy` is given."""
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import HtmlResponse

    marks: dict[str, float] = {}
    warmed: dict[str, float] = {}
    got: dict[str, set[str]] = {"pages": set(), "images": set()}  # (distinct URLs, as the httpx crawl counts them)

    class BenchSpider(scrapy.Spider):
        name = "bench"

        async def start(self) -> AsyncIterator[Any]:
            # filtered as the links are, unlike start_urls' (dont_filter): the first link back fetched the home
            # page again, counted twice, so a crawl one page short of the site passed for whole
            yield scrapy.Request(start, callback=self.parse)

        @classmethod
        def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BenchSpider:
            spider = super().from_crawler(crawler, *args, **kwargs)
            # bound methods, not lambdas: Scrapy's dispatcher holds receivers weakly
            crawler.signals.connect(spider.opened, signal=signals.spider_opened)
            crawler.signals.connect(spider.closed_mark, signal=signals.spider_closed)
            return spider

        def opened(self) -> None:
            guard = _scrapy_guard(self.crawler) if policy else None
            if guard is not None:
                warmed["seconds"] = warm_up(guard)  # (before t0: no request has gone out yet)
            marks.setdefault("t0", time.perf_counter())

        def closed_mark(self) -> None:
            marks.setdefault("t1", time.perf_counter())

        def parse(self, response: Any) -> Any:
            stats = self.crawler.stats
            if not isinstance(response, HtmlResponse):
                stats.inc_value("bench/other")
                return
            got["pages"].add(response.url)
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)
            for src in response.css("img::attr(src)").getall():
                yield response.follow(src, self.parse_image)

        def parse_image(self, response: Any) -> None:
            got["images"].add(response.url)
            self.crawler.stats.inc_value("bench/image_bytes", len(response.body))

    settings: dict[str, Any] = {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "USER_AGENT": BENCH_USER_AGENT,
        "RETRY_ENABLED": False,
        "COOKIES_ENABLED": False,
        "HTTPPROXY_ENABLED": False,  # loopback only: an http_proxy in the environment is not the crawl measured
    }
    if policy:
        settings.update({"ADDONS": {"scrapeguard.scrapy.Addon": 0}, "SCRAPEGUARD_POLICY": policy,
                         "SCRAPEGUARD_AUDIT": audit or False})
    process = CrawlerProcess(settings, install_root_handler=False)
    crawler = process.create_crawler(BenchSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {
        "seconds": marks.get("t1", 0.0) - marks.get("t0", 0.0),
        "pages": len(got["pages"]),
        "images": len(got["images"]),
        "responses": stats.get("downloader/response_count", 0),
        "blocked": stats.get("scrapeguard/blocked", 0),
        "redacted": stats.get("scrapeguard/redacted", 0),
        "guard_errors": stats.get("scrapeguard/errors", 0),
        "warm_up_seconds": warmed.get("seconds"),
    }


async def httpx_crawl(start: str, policy: str | None, audit: str | None, concurrency: int) -> dict[str, Any]:
    """One httpx crawl with `concurrency` workers; the guard is on iff `policy` is given."""
    import httpx
    import lxml.html

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    guard = None
    if policy:
        from scrapeguard.guard import Guard
        from scrapeguard.httpx import AsyncGuardTransport

        guard = Guard(policy, user_agent=BENCH_USER_AGENT, audit=audit or False, integration="httpx")
        client = httpx.AsyncClient(transport=AsyncGuardTransport(guard, httpx.AsyncHTTPTransport(limits=limits)),
                                   headers={"User-Agent": BENCH_USER_AGENT}, timeout=60, trust_env=False)
    else:
        # trust_env off on both sides: a client given a transport ignores http_proxy, one without it would not
        client = httpx.AsyncClient(limits=limits, headers={"User-Agent": BENCH_USER_AGENT}, timeout=60,
                                   trust_env=False)
    hosts = {urlsplit(start).netloc}
    seen: set[str] = {start}
    queue: asyncio.Queue[tuple[str, bool]] = asyncio.Queue()
    queue.put_nowait((start, True))
    warmed = warm_up(guard) if guard is not None else None  # (before t0)
    counts: dict[str, Any] = {"pages": 0, "images": 0, "responses": 0, "blocked": 0, "redacted": 0, "errors": 0,
                              "warm_up_seconds": warmed}

    def enqueue(base: str, links: list[str], is_page: bool) -> None:
        for link in links:
            url = urldefrag(urljoin(base, link.strip()))[0]
            if url in seen or urlsplit(url).scheme not in ("http", "https"):
                continue
            if is_page and not _same_site(url, hosts):
                continue
            seen.add(url)
            queue.put_nowait((url, is_page))

    async def worker() -> None:
        while True:
            url, is_page = await queue.get()
            try:
                response = await client.get(url)
                counts["responses"] += 1
                if response.status_code == 451:
                    counts["blocked"] += 1
                    continue
                if response.headers.get("x-scrapeguard-action") == "redact":
                    counts["redacted"] += 1
                ctype = response.headers.get("content-type", "")
                if is_page and response.status_code == 200 and "html" in ctype:
                    counts["pages"] += 1
                    doc = lxml.html.document_fromstring(response.content)
                    enqueue(url, doc.xpath("//a/@href"), True)
                    enqueue(url, doc.xpath("//img/@src"), False)
                elif not is_page:
                    counts["images"] += 1
            except httpx.HTTPError:
                counts["errors"] += 1
            finally:
                queue.task_done()

    t0 = time.perf_counter()
    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    await queue.join()
    seconds = time.perf_counter() - t0
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    await client.aclose()
    if guard is not None:
        await guard.aclose()
    counts["seconds"] = seconds
    return counts


def _child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_crawl --child")
    parser.add_argument("--child", choices=("scrapy", "httpx"), required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--policy", default=None)
    parser.add_argument("--audit", default=None)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    args = parser.parse_args(argv)
    if args.child == "scrapy":
        result = scrapy_crawl(args.start, args.policy, args.audit, args.concurrency)
    else:
        result = asyncio.run(httpx_crawl(args.start, args.policy, args.audit, args.concurrency))
    print(json.dumps(result), flush=True)
    return 0


# ----------------------------------------------------------------- orchestration
def run_child(framework: str, start: str, policy: Path | None, concurrency: int = CONCURRENCY) -> dict[str, Any]:
    """Run one crawl in a fresh process; its audit log goes to a temp file (durability on,
    as in production) that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="sg-bench-crawl-") as tmp:
        cmd = [sys.executable, "-m", "benchmarks.bench_crawl", "--child", framework, "--start", start,
               "--concurrency", str(concurrency)]
        if policy is not None:
            cmd += ["--policy", str(policy)]
            if not policy.stem.endswith("noaudit"):
                cmd += ["--audit", str(Path(tmp) / "audit.sqlite")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, env=env, timeout=CHILD_TIMEOUT,
                              **ends_with_this_process())
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"{framework} crawl failed (exit {proc.returncode}): {proc.stderr.strip()[-1500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


VARIANTS = {
    "scrapy-plain": ("scrapy", None),
    "scrapy-off": ("scrapy", "off"),
    "scrapy-on": ("scrapy", "on"),
    "scrapy-off-noaudit": ("scrapy", "off-noaudit"),
    "httpx-plain": ("httpx", None),
    "httpx-off": ("httpx", "off"),
    "httpx-on": ("httpx", "on"),
    "httpx-off-noaudit": ("httpx", "off-noaudit"),
}


def repetitions(variant: str, reps: int, quick: bool) -> int:
    """The target pairs (plain, faces off) get every repetition; faces on and the
    no-audit diagnostic one each (each crawl of the full site takes about a minute on a
    busy 2-core machine). Quick mode (a smoke run, about 3 minutes with everything else)
    skips the diagnostic and Scrapy with faces on (the same guard code as httpx faces on,
    behind the same adapter as Scrapy faces off)."""
    if variant.endswith("-noaudit") or (quick and variant == "scrapy-on"):
        return 0 if quick else 1
    if variant.endswith("-on"):
        return 1
    return reps


def crawl_order(variants: list[str], counts: dict[str, int]) -> list[str]:
    """The crawls in the order run: round r runs each variant that has more than r repetitions, a framework's
    variants one after the other, in reverse for every other framework and every other round, so each side of a
    pair (plain, guarded) goes first in turn, and in a one-round (quick) run plain goes first for one framework
    and guarded for the other. (Rotating the whole round never swapped a pair: plain httpx ran just before guarded
    httpx in every round, and plain Scrapy first in 2 of 3; a quick run ran every plain side first.)"""
    frameworks = list(dict.fromkeys(VARIANTS[v][0] for v in variants))
    order: list[str] = []
    for r in range(max(counts.values(), default=0)):
        for k, framework in enumerate(frameworks):
            group = [v for v in variants if VARIANTS[v][0] == framework and counts[v] > r]
            order.extend(reversed(group) if (r + k) % 2 else group)
    return order


def _available(framework: str) -> str | None:
    try:
        if framework == "scrapy":
            import scrapy  # noqa: F401

            import scrapeguard.scrapy  # noqa: F401
        else:
            import httpx  # noqa: F401

            import scrapeguard.httpx  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


def check_crawl(variant: str, result: dict[str, Any], site: dict[str, Any]) -> None:
    """Refuse a crawl that did not do the work its figure claims: a plain crawl reaches every
    page and image of the site, a guarded one fetches pages and images, and neither meets an
    error (a refused connection would otherwise make a fast, meaningless run)."""
    errors = result.get("errors", 0) + result.get("guard_errors", 0)
    if variant.endswith("-plain"):
        short = result["pages"] < site["pages"] or result["images"] < site["images"]
    else:  # (the guard refuses the site's opted-out sections: a few pages and their pictures, never half)
        short = result["pages"] * 2 < site["pages"] or result["images"] * 2 < site["images"]
    if errors or short:
        raise RuntimeError(f"{variant} crawl did not crawl the site ({site['pages']} pages, {site['images']} images):"
                           f" {json.dumps(result)}")


def per_item(runs: list[dict[str, Any]]) -> float:
    """Median seconds per page or image the crawler got: the guard refuses some pages before
    fetching them, so a guarded crawl does less work than a plain one, and its raw time would
    flatter it. Counted the same on both sides and both frameworks: not Scrapy's response count,
    which holds the guard's own robots.txt and other host files, nor httpx's refusals (451)."""
    return median([run["seconds"] / max(run["pages"] + run["images"], 1) for run in runs])


def run(quick: bool = False, *, reps: int | None = None, spec: SiteSpec | None = None) -> list[Figure]:
    """The crawl figures: per framework, guarded (faces off / on) vs plain, as ratios."""
    cfg = QUICK if quick else FULL
    spec = spec or cfg["spec"]
    reps = reps or cfg["reps"]
    figures: list[Figure] = []
    missing = {fw: _available(fw) for fw in ("scrapy", "httpx")}
    variants = [v for v, (fw, _) in VARIANTS.items() if missing[fw] is None]
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    # (the policies in a folder removed after the run: one made by mkdtemp was left in /tmp by every run)
    with tempfile.TemporaryDirectory(prefix="sg-bench-crawl-policies-") as folder, start_site(spec) as site:
        policies = write_policies(folder)

        def one(variant: str) -> float:
            framework, faces = VARIANTS[variant]
            result = run_child(framework, site.start_url, policies[faces] if faces else None)
            check_crawl(variant, result, site.stats)
            runs[variant].append(result)
            return float(result["seconds"])

        samples: dict[str, list[float]] = {v: [] for v in variants}
        for v in crawl_order(variants, {v: repetitions(v, reps, quick) for v in variants}):
            samples[v].append(one(v))
        site_info = {"pages": site.stats["pages"], "images": site.stats["images"], "bytes": site.stats["bytes"]}
    for framework in ("scrapy", "httpx"):
        label = "Scrapy" if framework == "scrapy" else "httpx"
        if missing[framework]:
            for faces in ("off", "on"):
                figures.append(unavailable(f"crawl.{framework}.faces_{faces}", missing[framework] or "", "s"))
            continue
        plain = median(samples[f"{framework}-plain"])
        last_plain = runs[f"{framework}-plain"][-1]
        figures.append(figure(
            f"crawl.{framework}.plain", round(plain, 3), "s",
            detail={"samples": samples[f"{framework}-plain"], "last_run": last_plain, "site": site_info,
                    "concurrency": CONCURRENCY, "reps": reps,
                    "requests_per_s": round((last_plain["responses"]) / plain, 1) if plain else None}))
        for faces in ("off", "on", "off-noaudit"):
            key = f"{framework}-{faces}"
            if not samples.get(key):
                continue
            guarded = median(samples[key])
            last = runs[key][-1]
            target = TARGET_FACES_OFF if faces == "off" else None
            text = {"off": f"<= {TARGET_FACES_OFF:.2f}x plain {label}",
                    "on": "bounded by faces/s/core (no fixed target)",
                    "off-noaudit": "diagnostic: faces off, no audit log"}[faces]
            figures.append(figure(
                f"crawl.{framework}.faces_{faces.replace('-noaudit', '.no_audit')}", round(guarded, 3), "s",
                ratio=round(per_item(runs[key]) / per_item(runs[f"{framework}-plain"]), 3),
                target=target, target_text=text,
                detail={"samples": samples[key], "plain_samples": samples[f"{framework}-plain"], "last_run": last,
                        "site": site_info, "concurrency": CONCURRENCY, "reps": reps,
                        "requests_per_s": round(last["responses"] / guarded, 1) if guarded else None,
                        "ratio_of_times": round(guarded / plain, 3)}))
    return figures


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--child" in argv:
        return _child(argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_crawl")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reps", type=int, default=None)
    args = parser.parse_args(argv)
    stop_on_sigterm()
    print(json.dumps(run(args.quick, reps=args.reps), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
