"""The one command: what the guard costs a crawl, side by side, in one run.

    python -m benchmarks                 # everything (about 15-20 minutes on 2 busy cores)
    python -m benchmarks --quick         # smaller site, fewer repetitions (about 3 minutes on 2 cores)
    python -m benchmarks --only crawl    # one benchmark (repeatable; merged into the last results file)

Prints a table (figure, measured, ratio, target, met?: "quick: not judged" in a quick run, whose single runs are
too noisy to hold against the targets, and `met` null in its JSON) and writes
`benchmarks/results/latest.json` (`latest-quick.json` for a quick run) with every figure, its
ratio and target, and the machine (CPU count, load, Python and library versions), because on
shared machines a figure means little without the conditions it was taken under. A quick run
never replaces a full run's figures: given a full run's file, it writes beside it (`NAME-quick.json`).

Benchmarks written elsewhere (`bench_page`, `bench_faces`, `bench_audit`) are imported if
present; if one is missing, its row says "not available" instead of a number.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import logging
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, figure, stop_on_sigterm, unavailable

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
RESULTS_QUICK = RESULTS.with_name("latest-quick.json")

# (name, module, what it measures) in the order the issue lists them.
BENCHES: tuple[tuple[str, str, str], ...] = (
    ("page", "benchmarks.bench_page", "page analysis vs a bare lxml parse"),
    ("crawl", "benchmarks.bench_crawl", "guarded vs unguarded crawl (Scrapy, httpx)"),
    ("proxy", "benchmarks.bench_proxy", "scrapeguard proxy vs plain mitmdump vs direct"),
    ("faces", "benchmarks.bench_faces", "faces per second per core"),
    ("audit", "benchmarks.bench_audit", "audit appends/s and verify time"),
    ("memory", "benchmarks.bench_memory", "peak RSS over a long crawl"),
)
LIBRARIES = ("scrapeguard", "httpx", "scrapy", "mitmproxy", "lxml", "selectolax", "pillow", "onnxruntime", "numpy")


# ------------------------------------------------------------------ machine
def machine() -> dict[str, Any]:
    """Where and under what load the figures were taken."""
    versions: dict[str, str | None] = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = None
    cpu_model = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            cpu_model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), None)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": cpu_model,
        "loadavg": _loadavg(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "libraries": versions,
    }


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# ------------------------------------------------------------- normalising
def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _as_figure(bench: str, name: str, item: dict[str, Any]) -> Figure:
    """Accept the shapes a benchmark module may return for one figure."""
    measured = next((_number(item[k]) for k in ("measured", "value", "median") if k in item), None)
    ratio = _number(item.get("ratio"))
    target = _number(item.get("target"))
    op = item.get("target_op") or "<="
    known = {"name", "measured", "value", "median", "unit", "ratio", "target", "target_op", "target_text", "met",
             "detail", "error"}
    detail = dict(item.get("detail") or {})
    detail.update({k: v for k, v in item.items() if k not in known})
    fig = figure(str(item.get("name") or name), measured, str(item.get("unit") or ""), ratio=ratio, target=target,
                 target_op=op if op in ("<=", ">=") else "<=",
                 target_text=item.get("target_text") if isinstance(item.get("target_text"), str) else None,
                 detail=detail, error=item.get("error") if isinstance(item.get("error"), str) else None)
    if isinstance(item.get("met"), bool):
        fig["met"] = item["met"]
    if fig["measured"] is None and not fig["error"]:
        fig["error"] = "no numeric value reported"
    return fig


# For nested result dicts without a "measured" key: the number that is the figure.
_HEADLINE_KEYS: tuple[tuple[str, str], ...] = (
    ("records_per_s", "appends/s"), ("appends_per_s", "appends/s"), ("per_s", "/s"),
    ("verify_seconds_per_100k", "s per 100k records"), ("seconds_per_100k", "s per 100k records"),
    ("us_per_lookup", "µs/lookup"), ("ms_per_page", "ms/page"),
)
_NOT_FIGURES = {"bench", "quick", "cpu_count", "set", "machine"}


def _headline(item: dict[str, Any]) -> dict[str, Any] | None:
    """{"measured", "unit"} picked from a nested result that did not name its figure."""
    for key, unit in _HEADLINE_KEYS:
        for k, v in item.items():
            if (k == key or (key.startswith("per_") and k.endswith(key))) and _number(v) is not None:
                return {"measured": v, "unit": item.get("unit") or (unit if not unit.startswith("/") else k)}
    return None


def normalise(bench: str, result: Any) -> list[Figure]:
    """A benchmark's `run()` result as figure rows: a list of figures, a dict with
    "figures", one figure dict, or a dict of name -> number / figure dict."""
    if isinstance(result, dict) and isinstance(result.get("figures"), list):
        result = result["figures"]
    if isinstance(result, list):
        return [_as_figure(bench, f"{bench}.{i}", item if isinstance(item, dict) else {"measured": item})
                for i, item in enumerate(result)]
    if isinstance(result, dict):
        if any(k in result for k in ("measured", "value", "median")):
            return [_as_figure(bench, bench, result)]
        out = []
        for key, value in result.items():
            if key in _NOT_FIGURES:
                continue
            if isinstance(value, dict):
                item = {"name": f"{bench}.{key}", **value} if "name" not in value else dict(value)
                if not any(k in item for k in ("measured", "value", "median")):
                    head = _headline(item)
                    if head is None:
                        continue
                    item = {"name": item["name"], **head, "detail": {k: v for k, v in value.items() if k != "name"}}
                out.append(_as_figure(bench, f"{bench}.{key}", item))
            elif _number(value) is not None:
                out.append(_as_figure(bench, f"{bench}.{key}", {"measured": value}))
        if out:
            return out
    return [figure(bench, None, "", error=f"unrecognised result from {bench}: {type(result).__name__}")]


# ----------------------------------------------------------------- running
def run_bench(name: str, module: str, quick: bool, reps: int | None = None) -> tuple[list[Figure], dict[str, Any]]:
    """One benchmark; never raises (a failure is a row that says so). `reps` goes to the
    benchmarks whose `run` takes it (the crawl)."""
    t0 = time.perf_counter()
    info: dict[str, Any] = {"module": module}
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            figs = [unavailable(name, f"{module} is not in this checkout")]
        else:
            figs = [unavailable(name, f"{module} needs {exc.name}")]
        info["error"] = str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken benchmark must not stop the others
        figs = [figure(name, None, "", error=f"{module} failed to import: {type(exc).__name__}: {exc}")]
        info["error"] = traceback.format_exc(limit=5)
    else:
        runner: Callable[[bool], Any] | None = getattr(mod, "run", None)
        if runner is None:
            figs = [unavailable(name, f"{module} has no run(quick)")]
        else:
            try:
                kwargs = {"reps": reps} if reps and "reps" in inspect.signature(runner).parameters else {}
                figs = normalise(name, runner(quick, **kwargs))
            except Exception as exc:  # noqa: BLE001
                figs = [figure(name, None, "", error=f"{type(exc).__name__}: {exc}"[:500])]
                info["error"] = traceback.format_exc(limit=8)
    info["seconds"] = round(time.perf_counter() - t0, 1)
    for f in figs:
        f["bench"] = name
        if quick:  # (one run each is too noisy to hold against a target: a guarded crawl came out 0.73x, "met")
            f["met"] = None
    return figs, info


def _merge(previous: dict[str, Any] | None, ran: set[str], figures: list[Figure]) -> list[Figure]:
    if not previous:
        return figures
    kept = [f for f in previous.get("figures", []) if f.get("bench") not in ran]
    order = {name: i for i, (name, _, _) in enumerate(BENCHES)}
    return sorted([*kept, *figures], key=lambda f: order.get(f.get("bench", ""), 99))


def results_path(out: Path | None, quick: bool) -> Path:
    """Where a run's figures go: `out`, else the mode's own file. A quick run given a full run's file writes
    beside it (`NAME-quick.json`): the two kinds' figures are not merged, and it replaced a full run's 131 by its 3."""
    if out is None:
        return RESULTS_QUICK if quick else RESULTS
    if quick and _holds_full_run(out):
        return out.with_name(f"{out.stem}-quick{out.suffix}")
    return out


def _holds_full_run(path: Path) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("quick") is False
    except (OSError, ValueError, AttributeError):
        return False


def run_all(quick: bool, only: list[str] | None = None, out: Path = RESULTS,
            progress: Callable[[str], None] | None = None, reps: int | None = None) -> dict[str, Any]:
    """Run the selected benchmarks; returns the results to write to `out` (merged with the figures it holds of the
    benchmarks not run, `--only`). Written apart (`write_results`), after the table: a write that failed after
    the measuring lost the whole run's figures."""
    selected = [b for b in BENCHES if not only or b[0] in only]
    started = datetime.now(timezone.utc)
    mach = machine()
    figures: list[Figure] = []
    benches: dict[str, Any] = {}
    for name, module, about in selected:
        if progress:
            progress(f"{name}: {about} …")
        figs, info = run_bench(name, module, quick, reps)
        figures.extend(figs)
        benches[name] = info
        if progress:
            failed = info.get("error")
            progress(f"{name}: FAILED after {info['seconds']} s: {str(failed).strip().splitlines()[-1][:200]}"
                     if failed else f"{name}: done in {info['seconds']} s")
    mach["loadavg_end"] = _loadavg()
    previous = None
    if only and out.exists():
        try:
            previous = json.loads(out.read_text(encoding="utf-8"))
            if previous.get("quick") != quick:
                previous = None
        except (OSError, ValueError):
            previous = None
    if previous:
        benches = {**previous.get("benches", {}), **benches}
    doc = {
        "created": started.isoformat(timespec="seconds"),
        "quick": quick,
        "command": "python -m benchmarks" + (" --quick" if quick else "") + (f" --reps {reps}" if reps else "")
                   + "".join(f" --only {n}" for n in (only or [])),
        "machine": mach,
        "benches": benches,
        "figures": _merge(previous, {n for n, _, _ in selected}, figures),
    }
    return doc


def write_results(doc: dict[str, Any], out: Path) -> None:
    """Write `doc` to `out` whole or not at all; raises OSError (its half-written .tmp removed: a failed replace
    left it behind)."""
    tmp = out.with_suffix(".json.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(doc, indent=2, default=str), encoding="utf-8")
        tmp.replace(out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------ output
def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


def print_table(doc: dict[str, Any], only: set[str] | None = None) -> None:
    """The figures as a table: with `only`, just those benchmarks' (the file also keeps the
    others' figures from their last run, which this run did not measure)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(132, Console().width))
    mach = doc["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in mach["libraries"].items() if v)
    table = Table(title=f"scrapeguard benchmarks{' (quick)' if doc['quick'] else ''}",
                  caption=f"{mach['cpus_usable']} CPUs, load {mach['loadavg']} → {mach.get('loadavg_end')}, "
                          f"Python {mach['python']}; {libs}")
    for col, justify in (("figure", "left"), ("measured", "right"), ("ratio", "right"), ("target", "left"),
                         ("met?", "center")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for f in doc["figures"]:
        if only and f.get("bench") not in only:
            continue
        if f.get("error"):
            table.add_row(f["name"], f"[dim]{f['error']}[/dim]", "—", f.get("target_text") or "—", "[dim]n/a[/dim]")
            continue
        met = _met_cell(f, doc["quick"])
        ratio = f"{f['ratio']:.2f}x" if f.get("ratio") is not None else "—"
        table.add_row(f["name"], _fmt(f["measured"], f.get("unit", "")), ratio, f.get("target_text") or "—", met)
    console.print(table)


def _met_cell(fig: Figure, quick: bool) -> str:
    """The met? column: a quick run's targets are shown but not judged (its figures are not held against them)."""
    if quick and fig.get("target") is not None:
        return "[dim]quick: not judged[/dim]"
    return {True: "[green]yes[/green]", False: "[red]no[/red]", None: "—"}[fig.get("met")]


def main(argv: list[str] | None = None) -> int:
    names = [n for n, _, _ in BENCHES]
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller site, fewer repetitions (about 3 minutes on 2 cores; too noisy to be judged "
                             "against the targets)")
    parser.add_argument("--only", action="append", choices=names, metavar="NAME",
                        help=f"run only this benchmark (repeatable): {', '.join(names)}")
    parser.add_argument("--reps", type=int, default=None,
                        help="crawl repetitions per target pair (default 3; 1 with --quick)")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"JSON output (default {RESULTS}, {RESULTS_QUICK.name} beside it with --quick; a quick "
                             "run given a full run's file writes beside it, NAME-quick.json)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if args.reps is not None and args.reps < 1:
        parser.error("--reps must be at least 1")
    out = results_path(args.out, args.quick)
    if out.is_dir():  # (refused before measuring: the write after it failed and lost the run's figures)
        parser.error(f"--out {out} is a folder: give the JSON file's path")
    stop_on_sigterm()
    doc = run_all(args.quick, args.only, out,
                  progress=lambda msg: print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True),
                  reps=args.reps)
    print_table(doc, set(args.only) if args.only else None)
    try:
        write_results(doc, out)
    except OSError as exc:
        print(f"results: NOT written, {exc} (the table above holds this run's figures)", file=sys.stderr)
        return 1
    print(f"results: {out}{results_note(doc, args.only, args.out, out)}", file=sys.stderr)
    return exit_code(doc, set(args.only) if args.only else None)


def results_note(doc: dict[str, Any], only: list[str] | None, asked: Path | None, out: Path) -> str:
    """What the results line adds: the benchmarks whose earlier figures the file kept (it said "merged" for every
    --only run, one that had dropped them too), and a full run's file left alone."""
    kept = sorted({str(f.get("bench")) for f in doc["figures"]} - set(only or [])) if only else []
    note = f" (merged with the last figures of {', '.join(kept)})" if kept else ""
    if asked is not None and out != asked:
        note += f"; {asked} holds a full run's figures, left as they were"
    return note


def exit_code(doc: dict[str, Any], only: set[str] | None) -> int:
    """1 when a benchmark of this run crashed: the rows merged from earlier runs (`--only`) are
    not this run's, and the table does not show them."""
    crashed = [f for f in doc["figures"] if f.get("error") and not f["error"].startswith("not available")
               and (only is None or f.get("bench") in only)]
    return 1 if crashed else 0
