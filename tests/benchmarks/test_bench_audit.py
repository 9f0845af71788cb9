"""`python -m benchmarks.bench_audit` stopped by a signal removes its temporary folder, as the other benchmarks do."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _started_in(tmp_path: Path) -> subprocess.Popen[bytes]:
    """The audit benchmark, its temp folder in `tmp_path`, once that folder holds a log."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(
        filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    bench = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_audit"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and bench.poll() is None:
        if any(tmp_path.glob("sg-bench-audit-*/*")):
            return bench
        time.sleep(0.05)
    bench.kill()
    bench.wait()
    pytest.fail(f"the audit benchmark wrote no log (exit {bench.returncode})")


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_the_audit_benchmark_terminated_removes_its_temp_folder(tmp_path: Path) -> None:
    """SIGTERM ended it at once: its folder stayed in /tmp (8.7 MB after 4 s; a full run builds a 100k-record log
    there)."""
    bench = _started_in(tmp_path)
    try:
        bench.send_signal(signal.SIGTERM)
        assert bench.wait(60) == 128 + signal.SIGTERM
        assert sorted(p.name for p in tmp_path.glob("sg-bench-audit-*")) == []
    finally:
        if bench.poll() is None:
            bench.kill()
            bench.wait()
