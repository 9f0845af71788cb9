"""An async httpx crawler guarded by scrapeguard's AsyncGuardTransport.

Start the demo site first (`scrapeguard demo --serve`), then:

    python examples/httpx_crawler.py --base http://127.0.0.1:8000 [--policy gdpr-strict] [--audit httpx-audit.sqlite]

It follows links and images on the site's own hosts, starting at --base, and prints one
line per URL: the HTTP status it got, what the guard did, and why. Blocked resources
arrive as 451 responses whose X-Scrapeguard-* headers carry the reason; redacted pages
arrive without their personal images, so those are never requested. Under a policy in
audit mode (`--policy log-only`) nothing is withheld: the action it would take reads
"block (audit only)", and an allowed one "allow (audit only)".
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import lxml.etree
import lxml.html

from scrapeguard import Guard, PolicyError
from scrapeguard.audit import AuditError
from scrapeguard.httpx import AsyncGuardTransport


def _absolute(base: str, ref: str) -> str | None:
    """`ref` resolved against `base`, without its fragment; None for a reference no URL can be
    made of (`http://[::1`, which urljoin refuses with a ValueError)."""
    try:
        url = urldefrag(urljoin(base, ref))[0]
        urlsplit(url).port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return url


def links_and_images(body: bytes, base: str) -> tuple[list[str], list[str]]:
    """(links, image URLs) of a page, absolute. A page lxml finds empty (only a doctype or a
    comment) has none, and a reference no URL can be made of is skipped: the web has both."""
    try:
        root = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return [], []
    links = [_absolute(base, a.get("href")) for a in root.iter("a") if a.get("href")]
    images = [_absolute(base, i.get("src")) for i in root.iter("img") if i.get("src")]
    return [u for u in links if u], [u for u in images if u]


async def crawl(base: str, guard: Guard, max_urls: int, concurrency: int) -> list[tuple[str, int, str, str]]:
    """Pages on the start host, and every image they reference (wherever it is hosted)."""
    start = base.rstrip("/") + "/"
    site = urlsplit(start).netloc
    audited = guard.policy.runtime.mode == "audit"
    seen, rows = {start}, []
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(start)
    async with httpx.AsyncClient(transport=AsyncGuardTransport(guard), follow_redirects=True, timeout=30,
                                 headers={"User-Agent": guard.user_agent}) as client:

        async def visit(url: str) -> None:
            r = await client.get(url)
            action = r.headers.get("x-scrapeguard-action", "allow")
            # recorded, not enforced: the answer came as sent (an allowed one has no header: the policy's mode says)
            if r.headers.get("x-scrapeguard-mode") == "audit" or (audited and "x-scrapeguard-action" not in r.headers):
                action += " (audit only)"
            rows.append((url, r.status_code, action, r.headers.get("x-scrapeguard-reason", "")))
            if r.status_code == 200 and r.headers.get("content-type", "").startswith("text/html"):
                links, images = links_and_images(r.content, str(r.url))
                for u in [x for x in links if urlsplit(x).netloc == site] + images:
                    if u.startswith("http") and u not in seen and len(seen) < max_urls:
                        seen.add(u)
                        queue.put_nowait(u)

        async def worker() -> None:
            """Never ends on an error: a worker that did would leave queue.join() waiting for
            ever once every worker had met one (at --concurrency 1, the first)."""
            while True:
                url = await queue.get()
                try:
                    await visit(url)
                except Exception as exc:  # noqa: BLE001 - a crawler goes on; the row and the exit status say it
                    rows.append((url, 0, "error", f"{type(exc).__name__}: {exc}"))
                finally:
                    queue.task_done()

        workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
        await queue.join()
        for w in workers:
            w.cancel()
    return rows


def positive(text: str) -> int:
    """A count of at least 1: `--concurrency 0` started no worker, and the crawl waited for ever."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: at least 1")
    return value


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", default="http://127.0.0.1:8000", help="start URL (default: the demo site)")
    p.add_argument("--policy", default="gdpr-strict", help="policy file or shipped id (default: gdpr-strict)")
    p.add_argument("--purpose", default=None,
                   help="purpose id from the policy (default: its default_purpose, else its first)")
    p.add_argument("--audit", default="httpx-audit.sqlite", help="audit log path (default: httpx-audit.sqlite)")
    p.add_argument("--user-agent", default="ExampleBot/1.0 (+https://example.org/bot)",
                   help="sent with every request; robots.txt is read for its product token (default: ExampleBot/1.0)")
    p.add_argument("--max-urls", type=positive, default=200, help="fetch at most this many URLs (default 200)")
    p.add_argument("--concurrency", type=positive, default=8, help="requests in flight at once (default 8)")
    args = p.parse_args()
    try:
        guard = Guard(args.policy, user_agent=args.user_agent, purpose=args.purpose, audit=args.audit,
                      integration="httpx")
    except (PolicyError, AuditError, KeyError, ValueError) as exc:  # a policy, purpose or log it cannot use
        print(f"error: {exc}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        rows = asyncio.run(crawl(args.base, guard, args.max_urls, args.concurrency))
    finally:
        guard.close()
    for url, status, action, reason in sorted(rows):
        print(f"{status:>3}  {action:<7} {url}  {reason}")
    counts = {a: sum(1 for r in rows if r[2] == a) for a in sorted({r[2] for r in rows})}
    print(f"{len(rows)} URLs in {time.perf_counter() - t0:.2f}s: {counts}; audit log: {args.audit}")
    return 0 if rows and all(r[1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
