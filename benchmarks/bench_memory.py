"""Peak memory of the guard over a long crawl: it must stay flat (bounded caches).

One fresh process (so nothing else the runner imported counts) feeds the guard 20,000
generated pages, spread over many hosts as a real crawl is, under the crawl benchmark's policy
(gdpr-strict, faces off, the site's robots.txt refusal of GPTBot recorded, not obeyed: so
pages are allowed and redacted, not all refused unread): for each page the
response check (`check_response`, which parses the page and remembers what it says about
each image), then the request decision for each of its images (`decide_request`, which
consumes that memory). Host files are handed over as an adapter would
(`host_files_needed` / `store_host_file`), without a network. Peak RSS (VmHWM from
/proc/self/status) is read after 5k, 10k and 20k pages; the target is that the second
half of the crawl adds at most 10% (20k/10k <= 1.10).

No audit log here: SQLite's page cache is bounded by SQLite, and 60,000 fsyncs would
make this a disk benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from benchmarks.common import (
    BENCH_USER_AGENT,
    Figure,
    ends_with_this_process,
    figure,
    stop_on_sigterm,
    write_policies,
)
from benchmarks.site import CDN_ROBOTS, MAIN_ROBOTS, ROOT, TDMREP, SiteSpec, iter_pages

FULL_CHECKPOINTS = (5000, 10000, 20000)
QUICK_CHECKPOINTS = (200, 400, 800)
PAGES_PER_HOST = 500
TARGET_GROWTH = 1.10


def read_status() -> dict[str, float]:
    """VmRSS and VmHWM (peak) of this process in MB, from /proc (Linux)."""
    out: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0]) / 1024.0
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        out = {"VmRSS": peak, "VmHWM": peak}
    return out


def _host_file(url: str) -> Any:
    from scrapeguard.resource import FetchResult, Headers

    if url.endswith("/robots.txt"):
        body = CDN_ROBOTS if "cdn" in url else MAIN_ROBOTS
        return FetchResult(url, 200, Headers([("Content-Type", "text/plain")]), body)
    if url.endswith("/tdmrep.json"):
        return FetchResult(url, 200, Headers([("Content-Type", "application/json")]), TDMREP)
    return FetchResult(url, 404, Headers([("Content-Type", "text/plain")]), b"not found")


def child(checkpoints: tuple[int, ...], policy: str) -> dict[str, Any]:
    """Run the long crawl in this process under `policy`; one reading per checkpoint."""
    from scrapeguard.guard import Guard

    guard = Guard(policy, user_agent=BENCH_USER_AGENT, audit=False, integration="benchmark")

    def ensure_host_files(url: str) -> None:
        for file_url in guard.host_files_needed(url):
            guard.store_host_file(file_url, _host_file(file_url))

    total = checkpoints[-1]
    readings: list[dict[str, Any]] = [{"pages": 0, **read_status()}]
    done, images, t0 = 0, 0, time.perf_counter()
    actions: dict[str, int] = {}
    host_no = 0
    while done < total:
        n = min(PAGES_PER_HOST, total - done)
        main = f"http://www.shop{host_no}.example{host_no % 13}.org"
        cdn = f"http://cdn{host_no}.example{host_no % 13}.net"
        host_no += 1
        for url, (status, headers, body), plan in iter_pages(SiteSpec(n, 2 * n, seed=host_no), main, cdn):
            ensure_host_files(url)
            page = guard.check_response(url, status, headers, body)
            actions[page.action] = actions.get(page.action, 0) + 1
            for img_url, _ in plan.images:
                ensure_host_files(img_url)
                guard.decide_request(img_url)
                images += 1
            done += 1
            if done in checkpoints:
                readings.append({"pages": done, "images": images, "seconds": round(time.perf_counter() - t0, 2),
                                 **read_status()})
    guard.close()
    return {"readings": readings, "hosts": host_no * 2, "page_actions": actions}


def run(quick: bool = False) -> list[Figure]:
    checkpoints = QUICK_CHECKPOINTS if quick else FULL_CHECKPOINTS
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    # the other benchmarks' policy: plain gdpr-strict obeys the site's refusal of GPTBot, and every page was
    # refused unread (page_actions {"block": 800}), so no page analysis weighed on the memory measured
    with tempfile.TemporaryDirectory(prefix="sg-bench-memory-") as tmp:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_memory", "--child",
                               ",".join(str(c) for c in checkpoints), "--policy", str(write_policies(tmp)["off"])],
                              capture_output=True, text=True, cwd=str(ROOT), env=env, timeout=1800,
                              **ends_with_this_process())
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"memory benchmark failed (exit {proc.returncode}): {proc.stderr.strip()[-1500:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    readings = result["readings"]
    by_pages = {r["pages"]: r for r in readings}
    base = by_pages[0]
    figures: list[Figure] = []
    for i, cp in enumerate(checkpoints):
        r = by_pages[cp]
        label = f"{cp // 1000}k" if cp >= 1000 else str(cp)
        is_last = i == len(checkpoints) - 1
        mid = by_pages[checkpoints[1]]
        growth = round(r["VmHWM"] / mid["VmHWM"], 3) if is_last else None
        figures.append(figure(
            f"memory.peak_rss_{label}", round(r["VmHWM"], 1), "MB", ratio=growth,
            target=TARGET_GROWTH if is_last else None,
            target_text=(f"<= {TARGET_GROWTH:.2f}x the peak at {checkpoints[1]} pages (flat)" if is_last else None),
            detail={"rss_mb": round(r["VmRSS"], 1), "pages": cp, "images_decided": r["images"],
                    "seconds": r["seconds"], "baseline_mb": round(base["VmHWM"], 1),
                    "hosts": result["hosts"], "page_actions": result["page_actions"]}))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_memory")
    parser.add_argument("--child", default=None, help="comma-separated checkpoints (internal)")
    parser.add_argument("--policy", default=None, help="the policy file of the --child crawl (internal)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        if not args.policy:
            parser.error("--child needs --policy")
        print(json.dumps(child(tuple(int(x) for x in args.child.split(",")), args.policy)), flush=True)
        return 0
    stop_on_sigterm()
    print(json.dumps(run(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
