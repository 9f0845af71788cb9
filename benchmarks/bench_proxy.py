"""Request latency through `scrapeguard proxy` vs plain `mitmdump` vs direct.

Three paths to the same generated site on 127.0.0.1: straight to the server, through a
bare `mitmdump` (the same mitmproxy the guard embeds, with no addon), and through
`scrapeguard proxy` (faces off, audit log on in a temp file: the production set-up).
Each URL is fetched once per path in a rotated order before moving to the next URL, so
all three see the same machine load; each path keeps one keep-alive client, as a
crawler would. The figure is the median latency per path, for pages and for images; the
target is the guard's proxy at most 1.2x plain mitmdump.

A diagnostic row repeats the guard's proxy without an audit log, to show how much of the
cost is the audit write (one commit per decision, synced as the policy says: NORMAL by default).
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
from benchmarks.site import ROOT, SiteSpec, plan_site, start_site

TARGET = 1.2
FULL = {"spec": SiteSpec(300, 600), "pages": 150, "images": 250}
QUICK = {"spec": SiteSpec(40, 80), "pages": 15, "images": 20}
START_TIMEOUT = 60.0
START_TRIES = 5


class PortTaken(RuntimeError):
    """The port chosen for a proxy was bound by another program before the proxy listened on it."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening_sockets(port: int) -> set[str] | None:
    """The inodes of the sockets listening on 127.0.0.1:`port`; None where /proc does not say."""
    try:
        rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    except OSError:
        return None
    here = {f"0100007F:{port:04X}", f"7F000001:{port:04X}"}  # (127.0.0.1 as a little- or a big-endian word)
    return {row[9] for row in rows if row[1] in here and row[3] == "0A"}  # 0A: LISTEN


def _family(pid: int) -> list[int]:
    """`pid` and the processes it started, theirs too (a one-file build of mitmdump runs in a forked child)."""
    out, todo = [], [pid]
    while todo and len(out) < 64:
        one = todo.pop()
        out.append(one)
        try:
            for task in os.listdir(f"/proc/{one}/task"):
                with open(f"/proc/{one}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return out


def _holds(proc: subprocess.Popen[bytes], sockets: set[str]) -> bool:
    """Whether one of `sockets` (inodes) is open in `proc` or a process it started."""
    held = set()
    for pid in _family(proc.pid):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                held.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                continue
    return any(f"socket:[{inode}]" in held for inode in sockets)


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = START_TIMEOUT) -> None:
    """Return once `proc` listens on `port`. A server answering there is not enough where /proc tells whose it
    is: the port was free when chosen, and another program's server (the other test worker's, under pytest-xdist)
    may have bound it since; the proxy then exits, and PortTaken says so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            error = PortTaken if "already in use" in said.lower() else RuntimeError
            raise error(f"proxy exited with {proc.returncode}: {said.strip()[-1500:]}")
        sockets = _listening_sockets(port)
        if sockets is not None:
            if _holds(proc, sockets):
                return
            time.sleep(0.1)
            continue
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"proxy did not listen on 127.0.0.1:{port} within {timeout:.0f}s")


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def _processes(commands: Callable[[dict[str, int]], dict[str, list[str]]], names: list[str],
               cwd: str) -> Iterator[dict[str, int]]:
    """Start `commands(ports)` together, each on a free port of its own, and yield the ports once each listens on
    its own; stop them all. Started again on other ports when a port chosen was taken before its proxy listened.
    (Their output, a few lines, goes to one pipe read when one exits early: mitmdump says its errors on stdout.)"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    for tries_left in reversed(range(START_TRIES)):
        ports = {name: _free_port() for name in names}
        cmds = commands(ports)
        procs: list[subprocess.Popen[bytes]] = []
        try:
            for name in names:
                procs.append(subprocess.Popen(cmds[name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd,
                                              env=env, **ends_with_this_process()))
            for proc, name in zip(procs, names, strict=True):
                _wait_port(ports[name], proc)
        except PortTaken:
            _stop(procs)
            if not tries_left:
                raise
            continue
        except BaseException:
            _stop(procs)
            raise
        try:
            yield ports
        finally:
            _stop(procs)
        return


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
        base = [sys.executable, "-m", "scrapeguard", "proxy", "--confdir", confdir, "--user-agent", BENCH_USER_AGENT]

        def commands(ports: dict[str, int]) -> dict[str, list[str]]:
            cmds = {
                "mitmdump": [mitmdump, "-q", "--listen-host", "127.0.0.1", "--listen-port", str(ports["mitmdump"]),
                             "--set", f"confdir={confdir}"],
                "scrapeguard": [*base, "--listen", f"127.0.0.1:{ports['scrapeguard']}", "--policy",
                                str(policies["off"]), "--audit", str(Path(tmp) / "audit.sqlite")],
            }
            if "scrapeguard_noaudit" in ports:
                cmds["scrapeguard_noaudit"] = [*base, "--listen", f"127.0.0.1:{ports['scrapeguard_noaudit']}",
                                               "--policy", str(policies["off-noaudit"])]
            return cmds

        pages, images = _sample_urls(site.main_base, site.cdn_base, spec, cfg["pages"], cfg["images"])
        headers = {"User-Agent": BENCH_USER_AGENT}
        # mitmproxy creates its CA in confdir on first start; made here first, so the
        # three proxies can start together without racing to write it.
        from mitmproxy.certs import CertStore

        CertStore.from_store(Path(confdir), "mitmproxy", 2048)
        with _processes(commands, paths, tmp) as ports:
            clients = {"direct": httpx.Client(headers=headers, timeout=30, trust_env=False)}
            for name, port in ports.items():
                clients[name] = httpx.Client(proxy=f"http://127.0.0.1:{port}", headers=headers, timeout=30,
                                             trust_env=False)
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
    stop_on_sigterm()
    print(json.dumps(run("--quick" in sys.argv), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
