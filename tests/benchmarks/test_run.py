"""`python -m benchmarks`: a runner stopped by a signal leaves no server behind, and its results file never loses a
full run's figures to a quick run, nor says it merged what it did not."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import figure  # noqa: E402

# What the proxy benchmark starts, by a word of each command line: the site, plain mitmdump, the guard's proxy.
SERVERS = ("benchmarks.site", "mitmdump", "scrapeguard proxy")


def _descendants(pid: int) -> dict[int, str]:
    """The processes `pid` started and theirs, with their command lines (from /proc)."""
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            for child in map(int, _read(f"/proc/{parent}/task/{task}/children").split()):
                found[child] = _read(f"/proc/{child}/cmdline").replace("\0", " ")
                todo.append(child)
    return found


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie left for PID 1 to reap holds no socket: not alive)."""
    stat = _read(f"/proc/{pid}/stat")
    return bool(stat) and stat.rsplit(")", 1)[1].split()[0] != "Z"


def _runner_with_its_servers_up(tmp_path: Path) -> tuple[subprocess.Popen[bytes], dict[int, str]]:
    """`python -m benchmarks --quick --only proxy`, its temp folders in `tmp_path`, once its site and both proxies
    run."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "SCRAPEGUARD_PURE_PYTHON": "1"}
    runner = subprocess.Popen([sys.executable, "-m", "benchmarks", "--quick", "--only", "proxy", "--out",
                               str(tmp_path / "results.json")], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and runner.poll() is None:
        started = _descendants(runner.pid)
        if all(any(word in cmd for cmd in started.values()) for word in SERVERS):
            time.sleep(1.0)  # (their ports chosen and opened)
            return runner, _descendants(runner.pid)
        time.sleep(0.2)
    runner.kill()
    pytest.fail(f"the proxy benchmark's servers did not start (runner exit {runner.poll()})")


def _still_running(pids: dict[int, str], wait: float = 15.0) -> dict[int, str]:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        left = {pid: cmd for pid, cmd in pids.items() if _alive(pid)}
        if not left:
            return {}
        time.sleep(0.2)
    return left


def _end(runner: subprocess.Popen[bytes], pids: dict[int, str]) -> None:
    """What this test started and left running, ended by its ids."""
    if runner.poll() is None:
        runner.kill()
        runner.wait()
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_runner_terminated_stops_its_servers_and_removes_its_temp_folders(tmp_path: Path) -> None:
    """SIGTERM (`kill`, `timeout`, a cancelled CI job) ended the runner without its finally blocks: the site,
    mitmdump and the guard's proxy went on listening, and /tmp/sg-bench-proxy-* stayed."""
    runner, servers = _runner_with_its_servers_up(tmp_path)
    try:
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(60) == 128 + signal.SIGTERM
        assert _still_running(servers) == {}
        assert sorted(p.name for p in tmp_path.glob("sg-bench-*")) == []
    finally:
        _end(runner, servers)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_runner_killed_outright_leaves_no_server_running(tmp_path: Path) -> None:
    """SIGKILL (a test's subprocess timeout) runs no clean-up at all: the servers, re-parented to PID 1, went on
    listening. Each ends with the runner."""
    runner, servers = _runner_with_its_servers_up(tmp_path)
    try:
        runner.kill()
        runner.wait(30)
        assert _still_running(servers) == {}
    finally:
        _end(runner, servers)


def _no_benchmark_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each benchmark "measures" one figure at once: these tests are of the results file, not of a benchmark."""
    from benchmarks import run

    def measured(name: str, module: str, quick: bool, reps: int | None = None) -> tuple[list[Any], dict[str, Any]]:
        return [{**figure(f"{name}.figure", 1.0, "s"), "bench": name}], {"module": module, "seconds": 0.0}

    monkeypatch.setattr(run, "run_bench", measured)


def _full_run(path: Path) -> None:
    figures = [{**figure(f"{bench}.figure{i}", 2.0, "s"), "bench": bench}
               for bench in ("page", "crawl", "proxy", "memory") for i in range(30)]
    path.write_text(json.dumps({"quick": False, "figures": figures, "benches": {}}), encoding="utf-8")


def test_a_quick_run_given_a_full_runs_file_writes_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A quick `--only memory` run dropped the 120 figures of a full run's file, wrote its own 1 there, and said
    it had merged them."""
    from benchmarks.run import main

    _no_benchmark_run(monkeypatch)
    full = tmp_path / "latest.json"
    _full_run(full)
    before = full.read_bytes()
    assert main(["--quick", "--only", "memory", "--out", str(full)]) == 0
    assert full.read_bytes() == before
    beside = json.loads((tmp_path / "latest-quick.json").read_text(encoding="utf-8"))
    assert beside["quick"] is True and [f["name"] for f in beside["figures"]] == ["memory.figure"]
    said = capsys.readouterr().err
    assert f"results: {tmp_path / 'latest-quick.json'}; {full} holds a full run's figures, left as they were" in said
    assert "merged" not in said


def test_merged_is_said_only_when_earlier_figures_were_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.run import main

    _no_benchmark_run(monkeypatch)
    out = tmp_path / "results.json"
    assert main(["--quick", "--only", "memory", "--out", str(out)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"results: {out}"
    assert main(["--quick", "--only", "page", "--out", str(out)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"results: {out} (merged with the last figures of memory)"
    assert {f["name"] for f in json.loads(out.read_text(encoding="utf-8"))["figures"]} == {"memory.figure",
                                                                                          "page.figure"}


def test_quick_and_full_runs_keep_a_results_file_each(tmp_path: Path) -> None:
    from benchmarks.run import RESULTS, RESULTS_QUICK, results_path

    assert results_path(None, False) == RESULTS and results_path(None, True) == RESULTS_QUICK != RESULTS
    quick_file, unreadable = tmp_path / "quick.json", tmp_path / "unreadable.json"
    quick_file.write_text(json.dumps({"quick": True, "figures": []}), encoding="utf-8")
    unreadable.write_text("{not json", encoding="utf-8")
    assert results_path(quick_file, False) == quick_file  # (a full run supersedes a quick one's smoke figures)
    assert results_path(unreadable, True) == unreadable
    assert results_path(tmp_path / "new.json", True) == tmp_path / "new.json"


def test_a_folder_given_as_out_is_refused_before_measuring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A folder as --out failed at the write after all the measuring (IsADirectoryError): the run's figures lost,
    its .tmp file left beside the folder."""
    from benchmarks import run

    measured: list[str] = []
    monkeypatch.setattr(run, "run_bench", lambda name, *args: measured.append(name))
    with pytest.raises(SystemExit) as refused:
        run.main(["--quick", "--only", "memory", "--out", str(tmp_path)])
    assert refused.value.code == 2 and measured == []
    assert f"--out {tmp_path} is a folder" in capsys.readouterr().err
    assert list(tmp_path.parent.glob(f"{tmp_path.name}*.tmp")) == []


def test_a_results_file_that_cannot_be_written_leaves_the_figures_printed(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.run import main

    _no_benchmark_run(monkeypatch)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    assert main(["--quick", "--only", "memory", "--out", str(not_a_folder / "results.json")]) == 1
    said = capsys.readouterr()
    assert "memory.figure" in said.out
    assert said.err.splitlines()[-1].startswith("results: NOT written, ") and str(not_a_folder) in said.err


def test_a_failed_write_leaves_no_half_written_file_behind(tmp_path: Path) -> None:
    from benchmarks.run import write_results

    folder = tmp_path / "results.json"
    folder.mkdir()
    with pytest.raises(OSError):
        write_results({"quick": True, "figures": []}, folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"] and folder.is_dir()


def _fake_bench(monkeypatch: pytest.MonkeyPatch) -> None:
    """A benchmark module whose one figure meets its target."""
    module = types.ModuleType("fake_bench")
    module.run = lambda quick: [figure("fake.ratio", 1.0, "s", ratio=1.05, target=1.10)]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_bench", module)


def test_a_quick_runs_figures_are_not_judged_against_their_targets(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A quick run (one run each, too noisy to hold against the targets, the docs say) marked them met or not: a
    guarded Scrapy crawl came out 0.73x its plain one, "met"."""
    from benchmarks.run import machine, print_table, run_bench

    _fake_bench(monkeypatch)
    assert run_bench("fake", "fake_bench", quick=False)[0][0]["met"] is True
    quick, _ = run_bench("fake", "fake_bench", quick=True)
    assert quick[0]["met"] is None and quick[0]["target"] == 1.10
    print_table({"quick": True, "machine": machine(), "figures": quick})
    table = capsys.readouterr().out
    assert "quick: not judged" in table and "yes" not in table
