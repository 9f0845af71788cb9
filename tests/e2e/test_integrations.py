"""The same multi-host site through a real Scrapy crawl, a real httpx client and a real
proxy process: exactly which pages and images are collected, blocked and redacted under
three policies — and the three integrations agree.

The site (tests/e2e/site.py): a main host and a CDN host on 127.0.0.1, each with its own
robots.txt; a profile page with a face photo; an opted-out section; ordinary pages and
images; a redirect into a path the CDN's robots.txt disallows.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import sqlite3
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageChops, ImageStat

from e2e.conftest import ProxyProcess, run_scrapy
from e2e.crawlers import BLOCKED, COLLECTED, REDACTED, crawl_with_client
from e2e.site import E2ESite, portrait_jpeg
from scrapeguard import Guard
from scrapeguard.httpx import AsyncGuardTransport

pytestmark = pytest.mark.slow
UA = "E2EBot/1.0"

# What every integration must report, per policy. Keys are `host:path`.
ORDINARY = {
    "main:/": COLLECTED,
    "main:/articles/launch.html": COLLECTED,
    "main:/articles/harbour.html": COLLECTED,
    "main:/static/logo.png": COLLECTED,
    "main:/static/chart.png": COLLECTED,
    "cdn:/img/harbour.png": COLLECTED,
}
EXPECTED: dict[str, dict[str, str]] = {
    # No biometric basis, every opt-out honoured, personal images redacted.
    "gdpr-strict": {
        **ORDINARY,
        "main:/people/alice.html": REDACTED,       # the portrait is removed from the page
        "cdn:/img/alice.jpg": REDACTED,            # requested directly later: judged with the page's context, faces blurred
        "cdn:/img/launch.jpg": REDACTED,           # no context, but the detector finds a face: blurred
        "main:/optout/noai.html": BLOCKED,         # X-Robots-Tag: noai
        "main:/optout/noimageai.html": COLLECTED,  # noimageai governs the page's images, not its text
        "cdn:/img/gallery.png": BLOCKED,           # ... such as this one
        "main:/private/report.html": BLOCKED,      # main robots.txt Disallow
        "main:/go/hidden": BLOCKED,                # redirect hop into the CDN's disallowed /blocked/
    },
    # Search indexing: AI opt-outs do not apply, personal images are logged, robots.txt obeyed.
    "search-index": {
        **ORDINARY,
        "main:/people/alice.html": COLLECTED,
        "cdn:/img/alice.jpg": COLLECTED,
        "cdn:/img/launch.jpg": COLLECTED,
        "main:/optout/noai.html": COLLECTED,
        "main:/static/members.png": COLLECTED,
        "main:/optout/noimageai.html": COLLECTED,
        "cdn:/img/gallery.png": COLLECTED,
        "main:/private/report.html": BLOCKED,
        "main:/go/hidden": BLOCKED,
    },
    # Audit mode: everything recorded, nothing blocked or altered.
    "log-only": {
        **ORDINARY,
        "main:/people/alice.html": COLLECTED,
        "cdn:/img/alice.jpg": COLLECTED,
        "cdn:/img/launch.jpg": COLLECTED,
        "main:/optout/noai.html": COLLECTED,
        "main:/static/members.png": COLLECTED,
        "main:/optout/noimageai.html": COLLECTED,
        "cdn:/img/gallery.png": COLLECTED,
        "main:/private/report.html": COLLECTED,
        "main:/go/hidden": COLLECTED,
    },
}
POLICIES = list(EXPECTED)
_RESULTS: dict[tuple[str, str], dict[str, str]] = {}


def robots_fetches(site: E2ESite) -> tuple[int, int]:
    return site.main.hits.count("/robots.txt"), site.cdn.hits.count("/robots.txt")


def labelled(site: E2ESite, outcomes: dict[str, str]) -> dict[str, str]:
    return {site.label(u): o for u, o in outcomes.items()}


def pixel_change(a: bytes, b: bytes) -> float:
    """Mean absolute per-channel difference of two images (0-255)."""
    x, y = (Image.open(io.BytesIO(d)).convert("RGB") for d in (a, b))
    y = y.resize(x.size)
    return sum(ImageStat.Stat(ImageChops.difference(x, y)).mean) / 3


def audit_count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        return max(db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables)  # noqa: S608


def crawl_httpx(site: E2ESite, transport: httpx.AsyncBaseTransport | None = None, **client: object) -> dict[str, str]:
    async def go() -> dict[str, str]:
        async with httpx.AsyncClient(transport=transport, follow_redirects=True, timeout=30,
                                     headers={"User-Agent": UA}, **client) as c:  # type: ignore[arg-type]
            outcomes, _ = await crawl_with_client(c, site.start_url, site.extra_urls,
                                                  {site.main.base[7:], site.cdn.base[7:]})
            return outcomes

    return labelled(site, asyncio.run(go()))


@pytest.mark.parametrize("policy", POLICIES)
def test_scrapy_crawl(policy: str, e2e_site: E2ESite, tmp_path: Path) -> None:
    audit = tmp_path / "audit.sqlite"
    before = robots_fetches(e2e_site)
    result = run_scrapy(e2e_site, tmp_path, "--policy", policy, "--audit", str(audit))
    outcomes = labelled(e2e_site, result["outcomes"])
    after = robots_fetches(e2e_site)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)  # one robots.txt fetch per host and crawl
    _RESULTS[("scrapy", policy)] = outcomes
    assert outcomes == EXPECTED[policy]
    assert result["finish_reason"] == "finished"
    blocked = sum(1 for o in outcomes.values() if o == BLOCKED)
    assert result["stats"].get("scrapeguard/blocked", 0) == blocked
    # ImagesPipeline stored exactly the images it was allowed to have (blurred if redacted).
    via_pipeline = [u for u in result.get("pipeline_urls", []) if result["outcomes"][u] != BLOCKED]
    assert len(result.get("stored", [])) == len(via_pipeline) > 0
    launch = e2e_site.cdn.base + "/img/launch.jpg"
    stored_launch = tmp_path / "images" / "full" / (hashlib.sha1(launch.encode()).hexdigest() + ".jpg")  # noqa: S324
    assert stored_launch.exists()
    stored_bytes = stored_launch.read_bytes()
    redacted = Guard("gdpr-strict", user_agent=UA, audit=False).check_response(
        launch, 200, {"Content-Type": "image/jpeg"}, portrait_jpeg()).redacted_body
    assert redacted is not None
    to_original, to_blurred = pixel_change(portrait_jpeg(), stored_bytes), pixel_change(redacted, stored_bytes)
    if outcomes["cdn:/img/launch.jpg"] == REDACTED:
        assert to_blurred < to_original  # ImagesPipeline stored the blurred image
    else:
        assert to_original < to_blurred  # the original (re-encoded by the pipeline)
    assert audit_count(audit) > 0
    if blocked:  # one log line per blocked domain, not per request
        assert result["log"].count("further blocks on this domain are only counted") == 1


@pytest.mark.parametrize("policy", POLICIES)
def test_httpx_client(policy: str, e2e_site: E2ESite, tmp_path: Path) -> None:
    audit = tmp_path / "audit.sqlite"
    guard = Guard(policy, user_agent=UA, audit=str(audit), integration="httpx")
    before = robots_fetches(e2e_site)
    outcomes = crawl_httpx(e2e_site, AsyncGuardTransport(guard))
    after = robots_fetches(e2e_site)
    guard.close()
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)
    _RESULTS[("httpx", policy)] = outcomes
    assert outcomes == EXPECTED[policy]
    assert audit_count(audit) > 0


@pytest.mark.parametrize("policy", POLICIES)
def test_proxy_process(policy: str, e2e_site: E2ESite, tmp_path: Path) -> None:
    audit = tmp_path / "audit.sqlite"
    proxy = ProxyProcess(tmp_path, "--policy", policy, "--audit", str(audit), "--user-agent", UA)
    before = robots_fetches(e2e_site)
    try:
        outcomes = crawl_httpx(e2e_site, proxy=proxy.url)
    finally:
        log = proxy.stop()
    after = robots_fetches(e2e_site)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)
    assert "scrapeguard proxy stopped:" in log
    _RESULTS[("proxy", policy)] = outcomes
    assert outcomes == EXPECTED[policy], log[-2000:]
    assert audit_count(audit) > 0


def test_scrapy_through_the_proxy(e2e_site: E2ESite, tmp_path: Path) -> None:
    """An unguarded Scrapy crawl sent through `scrapeguard proxy` by HttpProxyMiddleware
    (the `http_proxy` environment variable) gets the same outcomes as the add-on."""
    policy = "gdpr-strict"
    proxy = ProxyProcess(tmp_path, "--policy", policy, "--audit", str(tmp_path / "audit.sqlite"), "--user-agent", UA)
    try:
        result = run_scrapy(e2e_site, tmp_path, "--no-guard", env={"http_proxy": proxy.url, "no_proxy": ""})
    finally:
        proxy.stop()
    assert labelled(e2e_site, result["outcomes"]) == EXPECTED[policy]
    assert not result["stats"]  # no middleware in this crawl: the proxy did the guarding


@pytest.mark.parametrize("policy", POLICIES)
def test_integrations_agree(policy: str) -> None:
    """Runs after the three above (file order): the same site, the same decisions."""
    got = {name: _RESULTS.get((name, policy)) for name in ("scrapy", "httpx", "proxy")}
    missing = [n for n, r in got.items() if r is None]
    if missing:
        pytest.skip(f"not run in this session: {missing}")
    assert got["scrapy"] == got["httpx"] == got["proxy"]
