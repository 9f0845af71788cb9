"""Test scripts run as processes forked from one that has already imported Scrapy and scrapeguard.

A Scrapy crawl in a fresh interpreter spends ~2 s importing Scrapy, Twisted, pydantic and the page
analysis before it fetches anything, and the Scrapy tests run some two hundred of them: a third of
the suite's time. Each script still runs in a process of its own (its own reactor, settings, stdout,
stderr, working directory, environment and exit status, as `subprocess.run` gives), forked from a
server process that imported those modules once and never started a reactor or a thread.

    runner = ForkRunner(["scrapy.crawler", "scrapeguard.scrapy"], path=[...])
    proc = runner.run([script, *args], cwd=tmp, env=env, timeout=120)  # a CompletedProcess
    proc = runner.run(["-m", "scrapeguard", "audit", "verify"], cwd=tmp, env=env, timeout=60)

What differs from a fresh interpreter, none of which a test here relies on: modules that read the
environment when imported (`SCRAPEGUARD_PURE_PYTHON`) see the server's, the test run's own, and
what they print or warn as they are imported goes to the server's stderr, not the script's; every
run shares the server's hash seed; and the run ends as the interpreter does up to its atexit
functions, but objects left are not finalised one by one. A run a test's own timeout or an
interrupt cuts short is killed, and the server with it (started again for the next run).
Run as `python forkrun.py MODULE…` it is the server.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any


class ForkRunner:
    """One server per test process, started on first use, stopped at exit."""

    def __init__(self, preload: list[str], *, path: list[str] = [], env: dict[str, str] = {}) -> None:  # noqa: B006
        self.preload = preload
        self.path = path  # (on the server's PYTHONPATH, before the environment's)
        self.env = env  # (set in the server's environment: what modules read when imported)
        self.server: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def _started(self) -> subprocess.Popen[bytes]:
        if self.server is None or self.server.poll() is not None:
            env = {**os.environ, **self.env,
                   "PYTHONPATH": os.pathsep.join([*self.path, *filter(None, [os.environ.get("PYTHONPATH")])])}
            # (unbuffered: a buffered reader could hold the "status" line behind the "pid" one, unseen by select)
            self.server = subprocess.Popen([sys.executable, __file__, *self.preload], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, env=env, bufsize=0)
            atexit.register(self.server.kill)
            ready = self._reply(self.server, 120)
            assert ready == {"ready": True}, ready
        return self.server

    @staticmethod
    def _reply(server: subprocess.Popen[bytes], timeout: float) -> dict[str, Any] | None:
        assert server.stdout is not None
        readable, _, _ = select.select([server.stdout], [], [], timeout)
        if not readable:
            return None
        line = server.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server ended (exit status {server.wait()})")
        return json.loads(line)  # type: ignore[no-any-return]

    def _stop_server(self) -> None:
        if self.server is not None:
            self.server.kill()
            self.server.wait()
            self.server = None

    def run(self, argv: list[str], *, cwd: Path, env: dict[str, str], timeout: float
            ) -> subprocess.CompletedProcess[str]:
        """`subprocess.run([sys.executable, *argv], capture_output=True, text=True, …)`: `argv` is a
        script and its arguments, or `-m MODULE` and its arguments."""
        with self.lock:
            server = self._started()
            outputs = Path(tempfile.mkdtemp(prefix="forkrun-"))  # (each run's own, not in its working directory)
            out, err = outputs / "stdout", outputs / "stderr"
            pid = None
            try:
                assert server.stdin is not None
                server.stdin.write(json.dumps({"argv": [str(a) for a in argv], "cwd": str(cwd), "env": env,
                                               "stdout": str(out), "stderr": str(err)}).encode() + b"\n")
                started = self._reply(server, 30)
                assert started and "pid" in started, started
                pid = started["pid"]
                done = self._reply(server, timeout)
                if done is None:
                    os.kill(pid, signal.SIGKILL)
                    self._reply(server, 30)
                    raise subprocess.TimeoutExpired(argv, timeout, out.read_bytes(), err.read_bytes())
                return subprocess.CompletedProcess(argv, done["status"], *(
                    f.read_text(errors="replace") if f.exists() else "" for f in (out, err)))
            except subprocess.TimeoutExpired:
                raise
            except BaseException:
                # (a test's own timeout, an interrupt: as subprocess.run, the child is killed; the server too, whose
                # reply would otherwise be read as the next run's)
                if pid is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                self._stop_server()
                raise
            finally:
                shutil.rmtree(outputs, ignore_errors=True)


def _child(request: dict[str, Any]) -> int:
    """What `python SCRIPT ARGS…` would do, in this forked process; its exit status."""
    import gc
    import runpy
    import traceback

    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - (the server's pipe is not the script's input)
    script, *args = request["argv"]
    try:
        os.chdir(request["cwd"])  # (a directory that is not there: its traceback, as subprocess.run raises)
        os.environ.clear()
        os.environ.update(request["env"])
        if script == "-m":  # (`python -m MODULE ARGS…`)
            sys.argv = ["-m", *args[1:]]
            sys.path[0] = os.getcwd()
            runpy.run_module(args[0], run_name="__main__", alter_sys=True)
        else:
            sys.argv = [script, *args]
            sys.path[0] = str(Path(script).resolve().parent)
            runpy.run_path(script, run_name="__main__")
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if stop.code is not None and not isinstance(stop.code, int):
            print(stop.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - as the interpreter would: the traceback, status 1
        traceback.print_exc()
        status = 1
    # as the interpreter ends: it waits for the threads that are no daemons, then runs what atexit holds (what
    # it does after that, objects finalised one by one, is not done: `__del__`s that print are not seen)
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    gc.collect()
    return status


def serve(preload: list[str]) -> None:
    """Import `preload`, then fork a child for each request line on stdin: {"pid"} when it starts,
    {"status"} when it ends (a signal's death as subprocess gives it: minus the signal)."""
    import importlib

    for name in preload:
        importlib.import_module(name)
    assert threading.active_count() == 1 and "twisted.internet.reactor" not in sys.modules
    reply = sys.stdout.buffer
    reply.write(b'{"ready": true}\n')
    reply.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                status = _child(request)
            finally:
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except Exception:  # noqa: BLE001, S110 - a closed stream: nothing left to flush
                        pass
                os._exit(status)
        reply.write(json.dumps({"pid": pid}).encode() + b"\n")
        reply.flush()
        _, wait_status = os.waitpid(pid, 0)
        reply.write(json.dumps({"status": os.waitstatus_to_exitcode(wait_status)}).encode() + b"\n")
        reply.flush()


if __name__ == "__main__":
    serve(sys.argv[1:])
