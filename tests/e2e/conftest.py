"""Fixtures for the end-to-end tests: the shared multi-host site and subprocess helpers."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from e2e.site import E2ESite, start_site
from scrapeguard.proxy.server import NOTE_WAIT

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@pytest.fixture(scope="session")
def e2e_site() -> Iterator[E2ESite]:
    site = start_site()
    yield site
    site.stop()


def run_scrapy(site: E2ESite, tmp: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None) -> dict:
    """Run tests/e2e/scrapy_crawl.py in a subprocess; its E2E-RESULT line as a dict."""
    cmd = [PYTHON, str(ROOT / "tests/e2e/scrapy_crawl.py"), "--start", site.start_url,
           "--images-store", str(tmp / "images"), *[a for u in site.extra_urls for a in ("--extra", u)], *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=tmp,
                          env={**os.environ, **(env or {})})
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("E2E-RESULT ")), None)
    assert proc.returncode == 0 and line, f"scrapy crawl failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    result = json.loads(line[len("E2E-RESULT "):])
    result["log"] = proc.stderr
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProxyProcess:
    """`python -m scrapeguard proxy …` in a subprocess, stopped with SIGTERM."""

    START_TRIES = 5

    def __init__(self, tmp: Path, *args: str, program: Sequence[str] = ("-m", "scrapeguard", "proxy")) -> None:
        if importlib.util.find_spec("mitmproxy") is None:  # the [proxy] extra lives in its own environment
            pytest.skip("mitmproxy is not installed (pip install 'scrapeguard[proxy]')")
        self.confdir = tmp / "mitm"
        self.start(lambda port: [PYTHON, *program, "--listen", f"127.0.0.1:{port}", "--confdir", str(self.confdir),
                                 *args], cwd=tmp)

    def start(self, command: Callable[[int], list[str]], cwd: Path | None = None) -> None:
        """Run `command(port)` on a free port until it says it is ready, on another port when the one chosen was
        taken before the proxy listened on it: the other test worker's servers and connections bind ports too, and
        one of them took the port between `free_port` and the proxy's start once (a CI run lost a whole module)."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for _ in range(self.START_TRIES):
            self.port = free_port()
            self.proc = subprocess.Popen(command(self.port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         text=True, cwd=cwd, env=env)
            self.output: list[str] = []
            deadline = time.monotonic() + 30
            assert self.proc.stdout is not None
            while time.monotonic() < deadline:
                line = self.proc.stdout.readline()
                if not line:
                    break
                self.output.append(line)
                if line.startswith("HTTPS interception CA certificate"):
                    return
            said = self.stop()
            if "Address already in use" not in said:
                break
        raise AssertionError("proxy did not start:\n" + "".join(self.output))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        return self.confdir / "mitmproxy-ca-cert.pem"

    def stop(self, timeout: float = NOTE_WAIT + 10) -> str:
        """SIGTERM, then SIGKILL past `timeout` seconds; what the proxy printed. (A proxy stopped soon
        after its start waits up to `NOTE_WAIT` for the face detector its start-up note is loading,
        which on a busy machine running the suite beside it takes more than its usual second.)"""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                out, _ = self.proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                out, _ = self.proc.communicate()
            self.output.append(out or "")
        return "".join(self.output)
