"""The fork runner the Scrapy and example tests run their scripts with gives what `subprocess.run`
would: output, exit status, working directory, environment, a timeout; each run a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from forkrun import ForkRunner

SCRIPT = """
import os, sys, threading, time
print("out", os.getcwd(), os.environ.get("FORKRUN_TEST"), sys.argv[1:], os.getpid())
print("err", file=sys.stderr)
if "--thread" in sys.argv:  # a thread no daemon: the process ends once it has
    threading.Thread(target=lambda: (time.sleep(0.2), print("thread done", flush=True))).start()
if "--sleep" in sys.argv:
    time.sleep(60)
if "--raise" in sys.argv:
    raise ValueError("boom")
sys.exit(int(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def runner() -> ForkRunner:
    return ForkRunner(["json"])


def test_a_script_gets_its_arguments_cwd_and_environment_and_gives_its_output_and_status(
        runner: ForkRunner, tmp_path: Path) -> None:
    script = tmp_path / "s.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "FORKRUN_TEST": "yes"}
    first = runner.run([str(script), "3"], cwd=tmp_path, env=env, timeout=30)
    second = runner.run([str(script), "0", "--thread"], cwd=tmp_path, env={**os.environ}, timeout=30)
    assert first.returncode == 3 and first.stderr == "err\n"
    assert first.stdout.startswith(f"out {tmp_path} yes ['3'] ")
    assert second.returncode == 0 and second.stdout.splitlines()[1] == "thread done"
    assert " None ['0', '--thread'] " in second.stdout
    assert first.stdout.split()[-1] != second.stdout.splitlines()[0].split()[-1] != str(os.getpid())  # own processes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.py"]  # (no output files left in its directory)


def test_an_exception_is_a_traceback_and_status_1_and_a_module_runs_as_with_dash_m(
        runner: ForkRunner, tmp_path: Path) -> None:
    script = tmp_path / "s.py"
    script.write_text(SCRIPT)
    failed = runner.run([str(script), "0", "--raise"], cwd=tmp_path, env={**os.environ}, timeout=30)
    assert failed.returncode == 1 and failed.stderr.rstrip().endswith("ValueError: boom")
    module = runner.run(["-m", "json.tool", "--compact"], cwd=tmp_path, env={**os.environ}, timeout=30)
    real = subprocess.run([sys.executable, "-m", "json.tool", "--compact"], cwd=tmp_path, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    # (its input is empty, not the server's pipe: "Expecting value")
    assert (module.returncode, module.stdout, module.stderr) == (real.returncode, real.stdout, real.stderr) != (0, "", "")


def test_a_script_past_its_timeout_is_killed_and_the_next_one_runs(runner: ForkRunner, tmp_path: Path) -> None:
    script = tmp_path / "s.py"
    script.write_text(SCRIPT)
    with pytest.raises(subprocess.TimeoutExpired):
        runner.run([str(script), "0", "--sleep"], cwd=tmp_path, env={**os.environ}, timeout=1)
    assert runner.run([str(script), "5"], cwd=tmp_path, env={**os.environ}, timeout=30).returncode == 5


def test_a_run_cut_short_is_killed_and_the_next_run_gets_its_own_answer(tmp_path: Path) -> None:
    """(Review: a test's own timeout between the request and the answer left the answer in the pipe, and each
    later run got the one before it; the script ran on.) As subprocess.run, the child is killed."""
    import time

    runner = ForkRunner(["json"])
    script = tmp_path / "s.py"
    script.write_text(SCRIPT)
    real, pids = ForkRunner._reply, []

    def cut_short(server: subprocess.Popen[bytes], timeout: float) -> dict | None:  # type: ignore[type-arg]
        if timeout == 50:  # (the wait for the script's end)
            raise KeyboardInterrupt
        said = real(server, timeout)
        pids.extend([said["pid"]] if said and "pid" in said else [])
        return said

    runner._reply = cut_short  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        runner.run([str(script), "0", "--sleep"], cwd=tmp_path, env={**os.environ}, timeout=50)
    runner._reply = real  # type: ignore[method-assign]
    assert runner.run([str(script), "7"], cwd=tmp_path, env={**os.environ}, timeout=30).returncode == 7
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pids[0]}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pids[0]}").exists()


def test_a_working_directory_that_is_not_there_is_the_scripts_error(runner: ForkRunner, tmp_path: Path) -> None:
    script = tmp_path / "s.py"
    script.write_text(SCRIPT)
    done = runner.run([str(script), "0"], cwd=tmp_path / "gone", env={**os.environ}, timeout=30)
    assert done.returncode == 1 and "FileNotFoundError" in done.stderr and done.stdout == ""
