"""Request latency through `scrapeguard proxy` vs plain `mitmdump` vs direct.

Three paths to the same generated site on 127.0.0.1: straight to the server, through a
bare `mitmdump` (the same mitmproxy the guard embeds, with no addon), and through
`scrapeguard proxy` (faces off, audit log on in a temp file: the production set-up).
Each URL is fetched once per path in a rotated order before moving to the next URL, so
all three see the same machine load; each path keeps one keep-alive client, as a
crawler would. The figure is the median latency per path, for pages and for images; the
target is the guard's proxy at most 1.2x plain mitmdump.

A diagnostic row repeats the guard's proxy without an audit log, to show how much of the
cost is the durable (fsync per decision) audit write.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import BENCH_USER_AGENT, Figure, figure, median, unavailable, write_policies
from benchmarks.site import ROOT, SiteSpec, plan_site, start_site

TARGET = 1.2
FULL = {"spec": SiteSpec(300, 600), "pages": 150, "images": 250}
QUICK = {"spec": SiteSpec(40, 80), "pages": 15, "images": 20}
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"proxy exited with {proc.returncode}: {err.strip()[-1500:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"proxy did not listen on 127.0.0.1:{port} within {timeout:.0f}s")


@contextmanager
def _processes(cmds: list[list[str]], ports: list[int], cwd: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start the commands together, return once each listens on its port; stop them all."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for cmd in cmds:
            procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env))
        for proc, port in zip(procs, ports, strict=True):
            _wait_port(port, proc)
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def mitmdump_path() -> str | None:
    """The venv's mitmdump (beside this interpreter), else one on PATH."""
    here = Path(sys.executable).parent / "mitmdump"
    return str(here) if here.exists() else shutil.which("mitmdump")


def _sample_urls(site_main: str, site_cdn: str, spec: SiteSpec, pages: int, images: int) -> tuple[list[str], list[str]]:
    """Ordinary article pages and plain (no face) images: things every path returns
    unchanged, so the three paths move the same bytes."""
    plans = plan_site(spec, site_main, site_cdn)
    page_urls = [site_main + p.path for p in plans if p.section == "articles"][:pages]
    image_urls = [u for p in plans if p.section == "articles" for u, k in p.images if k in ("plain", "static")][:images]
    return page_urls, image_urls


def _measure(clients: dict[str, Any], urls: list[str]) -> dict[str, list[float]]:
    """Seconds per request per path; the path order rotates with every URL."""
    names = list(clients)
    out: dict[str, list[float]] = {n: [] for n in names}
    for i, url in enumerate(urls):
        for k in range(len(names)):
            name = names[(i + k) % len(names)]
            t0 = time.perf_counter()
            response = clients[name].get(url)
            body = response.content
            elapsed = time.perf_counter() - t0
            if response.status_code != 200 or not body:
                raise RuntimeError(f"{name}: {url} gave {response.status_code} ({len(body)} bytes)")
            out[name].append(elapsed)
    return out


def run(quick: bool = False) -> list[Figure]:
    import httpx

    cfg = QUICK if quick else FULL
    mitmdump = mitmdump_path()
    if mitmdump is None:
        return [unavailable(f"proxy.{k}", "mitmdump is not installed (pip install 'scrapeguard[proxy]')", "ms")
                for k in ("pages", "images")]
    try:
        import scrapeguard.proxy.addon  # noqa: F401
    except ImportError as exc:
        return [unavailable(f"proxy.{k}", str(exc), "ms") for k in ("pages", "images")]
    spec: SiteSpec = cfg["spec"]
    with tempfile.TemporaryDirectory(prefix="sg-bench-proxy-") as tmp, start_site(spec) as site:
        policies = write_policies(Path(tmp) / "policies")
        confdir = str(Path(tmp) / "mitmproxy")
        paths = ["mitmdump", "scrapeguard"] + ([] if quick else ["scrapeguard_noaudit"])  # diagnostic: full only
        ports = {name: _free_port() for name in paths}
        base = [sys.executable, "-m", "scrapeguard", "proxy", "--confdir", confdir, "--user-agent", BENCH_USER_AGENT]
        cmds = {
            "mitmdump": [mitmdump, "-q", "--listen-host", "127.0.0.1", "--listen-port", str(ports["mitmdump"]),
                         "--set", f"confdir={confdir}"],
            "scrapeguard": [*base, "--listen", f"127.0.0.1:{ports['scrapeguard']}", "--policy", str(policies["off"]),
                            "--audit", str(Path(tmp) / "audit.sqlite")],
        }
        if "scrapeguard_noaudit" in ports:
            cmds["scrapeguard_noaudit"] = [*base, "--listen", f"127.0.0.1:{ports['scrapeguard_noaudit']}",
                                           "--policy", str(policies["off-noaudit"])]
        pages, images = _sample_urls(site.main_base, site.cdn_base, spec, cfg["pages"], cfg["images"])
        headers = {"User-Agent": BENCH_USER_AGENT}
        # mitmproxy creates its CA in confdir on first start; made here first, so the
        # three proxies can start together without racing to write it.
        from mitmproxy.certs import CertStore

        CertStore.from_store(Path(confdir), "mitmproxy", 2048)
        names = list(ports)
        with _processes([cmds[n] for n in names], [ports[n] for n in names], tmp):
            clients = {"direct": httpx.Client(headers=headers, timeout=30)}
            for name, port in ports.items():
                clients[name] = httpx.Client(proxy=f"http://127.0.0.1:{port}", headers=headers, timeout=30)
            try:
                _measure(clients, pages[:5] + images[:5])  # warm-up: connections, host files, imports
                page_s = _measure(clients, pages)
                image_s = _measure(clients, images)
            finally:
                for c in clients.values():
                    c.close()
    figures: list[Figure] = []
    for kind, samples, count in (("pages", page_s, len(pages)), ("images", image_s, len(images))):
        ms = {name: median(v) * 1000 for name, v in samples.items()}
        detail = {"median_ms": {k: round(v, 3) for k, v in ms.items()}, "requests_per_path": count,
                  "vs_direct": round(ms["scrapeguard"] / ms["direct"], 3),
                  "mitmdump_vs_direct": round(ms["mitmdump"] / ms["direct"], 3),
                  "p90_ms": {k: round(sorted(v)[int(0.9 * (len(v) - 1))] * 1000, 3) for k, v in samples.items()}}
        figures.append(figure(f"proxy.{kind}", round(ms["scrapeguard"], 3), "ms",
                              ratio=round(ms["scrapeguard"] / ms["mitmdump"], 3), target=TARGET,
                              target_text=f"<= {TARGET}x plain mitmdump", detail=detail))
        if "scrapeguard_noaudit" in ms:
            figures.append(figure(f"proxy.{kind}.no_audit", round(ms["scrapeguard_noaudit"], 3), "ms",
                                  ratio=round(ms["scrapeguard_noaudit"] / ms["mitmdump"], 3),
                                  target_text="diagnostic: guard without the audit log", detail=detail))
    return figures


def main() -> int:
    print(json.dumps(run("--quick" in sys.argv), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
