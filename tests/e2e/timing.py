"""Wall time of a guarded vs an unguarded crawl of the e2e site, per integration, side by side.

    python tests/e2e/timing.py [--runs 5] [--policy gdpr-strict] [--json out.json]

* scrapy: a real crawl (subprocess, ImagesPipeline on) with the add-on vs without it;
  the time is the crawl inside the process (interpreter start-up excluded).
* httpx: the same async crawler with AsyncGuardTransport vs a plain AsyncClient; a new
  guard per run (cold host-file and context caches).
* proxy: the same crawler through `scrapeguard proxy` vs through bare mitmproxy (same
  version, no addon) vs direct; one proxy process per kind, so runs after the first find
  the guard's per-origin caches warm.

Every figure is the median of --runs runs; all runs are interleaved so machine load hits
both sides alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from e2e.conftest import PYTHON, ProxyProcess, run_scrapy  # noqa: E402
from e2e.crawlers import crawl_with_client  # noqa: E402
from e2e.site import E2ESite, start_site  # noqa: E402

from scrapeguard import Guard  # noqa: E402
from scrapeguard.httpx import AsyncGuardTransport  # noqa: E402

UA = "E2EBot/1.0"
BARE_MITM = textwrap.dedent("""
    import asyncio, sys
    from mitmproxy import options
    from mitmproxy.tools.dump import DumpMaster
    async def main():
        m = DumpMaster(options.Options(listen_host="127.0.0.1", listen_port=int(sys.argv[1]), confdir=sys.argv[2]),
                       with_termlog=False, with_dumper=False)
        class Ready:
            def running(self):
                print("HTTPS interception CA certificate: ready", flush=True)
        m.addons.add(Ready())
        await m.run()
    asyncio.run(main())
""")


def httpx_crawl(site: E2ESite, transport: httpx.AsyncBaseTransport | None = None, proxy: str | None = None) -> float:
    async def go() -> float:
        async with httpx.AsyncClient(transport=transport, proxy=proxy, follow_redirects=True, timeout=60,
                                     trust_env=False, headers={"User-Agent": UA}) as c:
            _, elapsed = await crawl_with_client(c, site.start_url, site.extra_urls,
                                                 {site.main.base[7:], site.cdn.base[7:]})
            return elapsed

    return asyncio.run(go())


class BareMitm(ProxyProcess):
    def __init__(self, tmp: Path) -> None:  # same readiness protocol, no guard
        self.confdir = tmp / "mitm-bare"
        self.start(lambda port: [PYTHON, "-c", BARE_MITM, str(port), str(self.confdir)])


def measure(runs: int, policy: str) -> dict[str, dict[str, float]]:
    site = start_site()
    tmp = Path(tempfile.mkdtemp(prefix="sg-timing-"))
    samples: dict[str, list[float]] = {k: [] for k in (
        "scrapy/guarded", "scrapy/unguarded", "httpx/guarded", "httpx/unguarded",
        "proxy/guarded", "proxy/bare-mitmproxy", "proxy/direct")}
    guarded_proxy = ProxyProcess(tmp, "--policy", policy, "--audit", str(tmp / "proxy-audit.sqlite"), "--user-agent", UA)
    bare = BareMitm(tmp)
    try:
        for i in range(runs):
            run_dir = tmp / f"run{i}"
            run_dir.mkdir()
            samples["scrapy/guarded"].append(run_scrapy(site, run_dir, "--policy", policy, "--audit",
                                                        str(run_dir / "a.sqlite"))["elapsed"])
            (run_dir / "u").mkdir()
            samples["scrapy/unguarded"].append(run_scrapy(site, run_dir / "u", "--no-guard")["elapsed"])
            guard = Guard(policy, user_agent=UA, audit=str(run_dir / "h.sqlite"), integration="httpx")
            samples["httpx/guarded"].append(httpx_crawl(site, AsyncGuardTransport(guard)))
            guard.close()
            samples["httpx/unguarded"].append(httpx_crawl(site))
            samples["proxy/guarded"].append(httpx_crawl(site, proxy=guarded_proxy.url))
            samples["proxy/bare-mitmproxy"].append(httpx_crawl(site, proxy=bare.url))
            samples["proxy/direct"].append(httpx_crawl(site))
    finally:
        guarded_proxy.stop()
        bare.stop()
        site.stop()
    return {k: {"median_s": statistics.median(v), "min_s": min(v), "max_s": max(v), "runs": len(v)}
            for k, v in samples.items()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--policy", default="gdpr-strict")
    p.add_argument("--json", default=None)
    args = p.parse_args()
    result = measure(args.runs, args.policy)
    pairs = [("scrapy", "scrapy/guarded", "scrapy/unguarded"), ("httpx", "httpx/guarded", "httpx/unguarded"),
             ("proxy vs bare mitmproxy", "proxy/guarded", "proxy/bare-mitmproxy"),
             ("proxy vs direct", "proxy/guarded", "proxy/direct")]
    print(f"e2e site crawl ({args.policy}), median of {args.runs} runs")
    print(f"{'integration':<26}{'guarded':>10}{'unguarded':>11}{'ratio':>8}")
    for name, g, u in pairs:
        gm, um = result[g]["median_s"], result[u]["median_s"]
        print(f"{name:<26}{gm * 1000:>8.0f}ms{um * 1000:>9.0f}ms{gm / um:>7.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
