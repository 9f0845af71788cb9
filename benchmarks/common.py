"""What every benchmark shares: the figure format, medians, interleaving, temp policies.

A figure is a plain dict so that the JSON file is the figure list as-is:

    {"name": "crawl.scrapy.faces_off", "measured": 12.3, "unit": "s",
     "ratio": 1.07, "target": 1.10, "target_op": "<=", "target_text": "<= 1.10x plain Scrapy",
     "met": true, "detail": {...}}

`ratio` is guarded/unguarded where there is a baseline; `met` compares the target to the
ratio when there is one, else to the measured value.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import math
import os
import signal
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

Figure = dict[str, Any]

BENCH_USER_AGENT = "BenchBot/1.0 (+https://example.org/bot)"


def figure(
    name: str,
    measured: float | None,
    unit: str,
    *,
    ratio: float | None = None,
    target: float | None = None,
    target_op: str = "<=",
    target_text: str | None = None,
    detail: dict[str, Any] | None = None,
    error: str | None = None,
) -> Figure:
    """One row of the results. `error` marks a figure that could not be measured."""
    met: bool | None = None
    compared = ratio if ratio is not None else measured
    if target is not None and compared is not None and not error:
        met = compared <= target if target_op == "<=" else compared >= target
    return {
        "name": name,
        "measured": measured,
        "unit": unit,
        "ratio": ratio,
        "target": target,
        "target_op": target_op if target is not None else None,
        "target_text": target_text or (f"{target_op} {target:g}{'x' if ratio is not None else ' ' + unit}"
                                       if target is not None else None),
        "met": met,
        "detail": detail or {},
        "error": error,
    }


def unavailable(name: str, reason: str, unit: str = "") -> Figure:
    """A row that says why a figure is missing (never a made-up number)."""
    return figure(name, None, unit, error=f"not available: {reason}")


def stop_on_sigterm() -> None:
    """Make SIGTERM (a `kill`, `timeout`, a cancelled CI job) end this process as SystemExit, so that its with and
    finally blocks stop the servers it started and remove its temp folders: Python's default ends it at once,
    and left both behind."""
    signal.signal(signal.SIGTERM, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    signal.signal(signum, signal.SIG_IGN)  # (a second one must not cut the clean-up short)
    raise SystemExit(128 + signum)


PR_SET_PDEATHSIG = 1  # (linux/prctl.h)


def ends_with_this_process() -> dict[str, Any]:
    """Popen's keyword arguments for a child that is to die with this process (Linux's PR_SET_PDEATHSIG): a runner
    killed outright (SIGKILL, a test's timeout) left its site, mitmdump and proxy listening, re-parented to PID 1.
    Only the thread that starts the child counts as its parent there: start children from the main thread. Empty
    where there is no prctl (the with and finally blocks still stop them on an ordinary exit)."""
    prctl = _prctl()
    if prctl is None:
        return {}
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # (it died before the line above: no signal will come)
            os._exit(1)

    return {"preexec_fn": die_with_parent}


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, loaded here and not in the forked child (loading a library there may wait on a lock)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


def load_module(path: Path) -> ModuleType:
    """A script of the test data (`tests/data/pages/devset.py`, `tests/data/blind/blindset.py`)
    by its path: `tests/data` is no package, so that its pages stay plain files."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median(values: Sequence[float]) -> float:
    clean = [v for v in values if v is not None and not math.isnan(v)]
    if not clean:
        raise ValueError("no measurements")
    return float(statistics.median(clean))


def interleave(variants: Sequence[str], reps: int) -> list[str]:
    """Run order for `reps` rounds: every variant once per round, the order rotated each
    round, so drift on a shared machine (another job starting, thermal throttling) hits
    every variant alike instead of whichever ran last."""
    order: list[str] = []
    n = len(variants)
    for r in range(reps):
        order.extend(variants[(i + r) % n] for i in range(n))
    return order


def run_interleaved(variants: Sequence[str], reps: int, run_one: Callable[[str], float]) -> dict[str, list[float]]:
    """Call `run_one(variant)` in interleaved order; collect the samples per variant."""
    samples: dict[str, list[float]] = {v: [] for v in variants}
    for v in interleave(variants, reps):
        samples[v].append(run_one(v))
    return samples


POLICY_TEMPLATE = """\
# Written by the benchmarks: gdpr-strict with face detection {state}{audit_note}.
extends = "gdpr-strict"
id = "bench-faces-{key}"
version = "1.0.0"

[runtime]
face_detection = {flag}

[signals]
# the site's robots.txt refuses GPTBot by name: recorded, not obeyed, so its pages are judged
ai_crawler_refusals = "log"
{audit_table}"""


def write_policies(directory: str | Path) -> dict[str, Path]:
    """Policies extending gdpr-strict, in `directory` (the caller's temporary folder, removed with
    it): "off" (faces off), "on" (faces on), and "off-noaudit" (faces off, no audit sink: a
    diagnostic that separates the cost of the guard's logic from the cost of the durable audit log)."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for key, state, flag, no_audit in (("off", "off", "false", False), ("on", "on", "true", False),
                                       ("off-noaudit", "off", "false", True)):
        path = root / f"bench-faces-{key}.toml"
        path.write_text(POLICY_TEMPLATE.format(
            state=state, key=key, flag=flag, audit_note=", no audit log" if no_audit else "",
            audit_table='\n[audit]\nsink = ""\n' if no_audit else ""), encoding="utf-8")
        out[key] = path
    return out
